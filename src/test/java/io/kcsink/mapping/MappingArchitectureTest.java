package io.kcsink.mapping;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class MappingArchitectureTest {

    private static final JavaClasses MAPPING = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kcsink.mapping");

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
}
