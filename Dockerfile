# syntax=docker/dockerfile:1
# Build the jar first: ./mvnw -B package -DskipTests ; then: docker build -t kafka-cassandra-sink .

# Stage 1: split the Boot fat jar into its layers, so a code change only rebuilds the small application layer.
FROM eclipse-temurin:17-jre AS layers
WORKDIR /build
COPY target/kafka-cassandra-sink-*.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

# Stage 2: the runtime image, least-changing layers first.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 sink \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin sink
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
# Container-aware heap; the Helm chart overrides this through the same variable.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# Numeric uid so Kubernetes can verify runAsNonRoot.
USER 10001:10001
# Actuator: health probes, Prometheus, the sink endpoint. The service sets no port, so it shares Spring Boot's 8080;
# the Helm chart moves it to its own management port (management.server.port, 8081).
EXPOSE 8080
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
