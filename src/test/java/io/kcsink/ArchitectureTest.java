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
                        "io.kcsink.config..",
                        "io.kcsink.migrate..")
                .check(MAIN);
    }

    /** {@code --sink.migrate} runs before, and instead of, the Spring application: it starts and connects nothing. */
    @Test
    void migrationStartsNothing() {
        noClasses()
                .that()
                .resideInAPackage("io.kcsink.migrate..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "org.apache.kafka..",
                        "com.datastax.oss.driver..",
                        "io.kcsink.ingest..",
                        "io.kcsink.format..",
                        "io.kcsink.write..",
                        "io.kcsink.errors..",
                        "io.kcsink.ops..",
                        "io.kcsink.config..")
                .check(MAIN);
    }

    /** The service runs without the migration; only {@code SinkApplication.main} hands a migration to it. */
    @Test
    void onlyMainUsesTheMigration() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.kcsink.migrate..")
                .and()
                .doNotHaveFullyQualifiedName("io.kcsink.SinkApplication")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.kcsink.migrate..")
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

    /**
     * Integration tests start the sink with the test classes on its classpath, and its component scan covers
     * {@code io.kcsink}: a {@code @Configuration} of a test there would become part of the sink under test (it once
     * added a second dead-letter publisher). The local run's main class is the one exception, annotated for the Maven
     * plugin only.
     */
    @Test
    void testSourcesHoldNoComponentTheSinksScanWouldFind() {
        JavaClasses tests = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("io.kcsink");
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("io.kcsink.local.LocalSinkApplication")
                .should()
                .beMetaAnnotatedWith(org.springframework.stereotype.Component.class)
                .check(tests);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("io.kcsink.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
