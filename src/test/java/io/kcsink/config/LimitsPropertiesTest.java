package io.kcsink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kcsink.format.DecodeLimits;
import io.kcsink.format.RecordDecoder;
import io.kcsink.format.RecordDecoders;
import io.kcsink.format.RecordDecodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code sink.limits.*}, as users write them, reach every decoder of the {@code recordDecoders} bean. */
class LimitsPropertiesTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Properties.class);

    // Not a @Configuration, which the sink's component scan would find when integration tests start it.
    @EnableConfigurationProperties(SinkProperties.class)
    static class Properties {}

    @Test
    void theDefaultsAreTheDecodersDefaults() {
        runner.run(context -> assertThat(limits(context)).isEqualTo(DecodeLimits.DEFAULTS));
    }

    @Test
    void sizesCountsAndDepthBind() {
        runner.withPropertyValues(
                        "sink.limits.max-string-size=2MB",
                        "sink.limits.max-collection-items=5000",
                        "sink.limits.max-depth=20")
                .run(context -> assertThat(limits(context)).isEqualTo(new DecodeLimits(2 * 1024 * 1024, 5000, 20)));
    }

    @Test
    void theLimitsReachTheDecoders() {
        runner.withPropertyValues("sink.limits.max-string-size=10B", "sink.limits.max-depth=2")
                .run(context -> {
                    RecordDecoder json = decoders(context).valueDecoder(Map.of());

                    assertThat(json.decode("t", bytes("[[\"0123456789\"]]"))).isNotNull();
                    assertThatThrownBy(() -> json.decode("t", bytes("[[[1]]]")))
                            .isInstanceOf(RecordDecodingException.class);
                    assertThatThrownBy(() -> json.decode("t", bytes("[\"01234567890\"]")))
                            .isInstanceOf(RecordDecodingException.class);
                });
    }

    @Test
    void limitsOutOfRangeFailStartUpWithEveryProblemAtOnce() {
        runner.withPropertyValues(
                        "sink.limits.max-string-size=3GB",
                        "sink.limits.max-collection-items=0",
                        "sink.limits.max-depth=-1")
                .run(context -> {
                    SinkConfigurationException failure =
                            catchThrowableOfType(SinkConfigurationException.class, () -> decoders(context));
                    assertThat(failure.problems())
                            .map(SinkProblem::toString)
                            .containsExactly(
                                    "sink.limits.max-string-size is 3221225472B; it must be between 1B and"
                                            + " 2147483639B",
                                    "sink.limits.max-collection-items is 0; it must be at least 1",
                                    "sink.limits.max-depth is -1; it must be at least 1");
                });
    }

    private static DecodeLimits limits(AssertableApplicationContext context) {
        return context.getBean(SinkProperties.class).limits().decodeLimits();
    }

    private static RecordDecoders decoders(AssertableApplicationContext context) {
        return new SinkConfiguration()
                .recordDecoders(context.getBean(SinkProperties.class), context.getBeanProvider(SslBundles.class));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
