package io.kcsink.mapping;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MappingArchitectureTest {

    private static final JavaClasses MAPPING = importMapping();

    /**
     * Only the mapping classes, from their directory: scanning the classpath and resolving the driver's classes takes
     * seconds, and class names are all the rules need.
     */
    private static JavaClasses importMapping() {
        ArchConfiguration configuration = ArchConfiguration.get();
        boolean resolve = configuration.resolveMissingDependenciesFromClassPath();
        configuration.setResolveMissingDependenciesFromClassPath(false);
        try {
            Path classes = Path.of(RoutePlan.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPath(classes.resolve("io/kcsink/mapping"));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } finally {
            configuration.setResolveMissingDependenciesFromClassPath(resolve);
        }
    }

    @Test
    void mappingKnowsNoSpringKafkaSessionOrOtherStage() {
        noClasses()
                .that()
                .resideInAPackage("io.kcsink.mapping..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "org.apache.kafka..",
                        "com.datastax.oss.driver.api.core.session..",
                        "com.datastax.oss.driver.api.core.cql..",
                        "io.kcsink.ingest..",
                        "io.kcsink.format..",
                        "io.kcsink.write..",
                        "io.kcsink.config..",
                        "io.kcsink.errors..",
                        "io.kcsink.ops..")
                .check(MAPPING);
    }

    @Test
    void mappingDoesNoFileOrNetworkIo() {
        noClasses()
                .that()
                .resideInAPackage("io.kcsink.mapping..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.io..", "java.nio.file..", "java.net.http..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.net.Socket")
                .check(MAPPING);
    }

    @Test
    void mappingNeverResolvesAHostName() {
        noClasses()
                .that()
                .resideInAPackage("io.kcsink.mapping..")
                .should()
                .callMethod(InetAddress.class, "getByName", String.class)
                .orShould()
                .callMethod(InetAddress.class, "getAllByName", String.class)
                .orShould()
                .callMethod(InetAddress.class, "getLocalHost")
                .orShould()
                .callMethod(InetAddress.class, "getHostName")
                .orShould()
                .callMethod(InetAddress.class, "getCanonicalHostName")
                .check(MAPPING);
    }
}
