package io.kcsink;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The rules of docs/architecture.md that the compiler does not check. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kcsink");

    @Test
    void mappingIsPureJava() {
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
                        "io.kcsink.errors..",
                        "io.kcsink.ops..",
                        "io.kcsink.config..")
                .check(MAIN);
    }

    @Test
    void mappingDoesNotUseACqlSession() {
        noClasses()
                .that()
                .resideInAPackage("io.kcsink.mapping..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("com.datastax.oss.driver.api.core.CqlSession")
                .check(MAIN);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("io.kcsink.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
