{{/*
Chart name, truncated to the 63 characters Kubernetes allows in names.
*/}}
{{- define "kcsink.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name: release-chart, or the release name alone when it already contains the chart name.
*/}}
{{- define "kcsink.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "kcsink.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels on every object.
*/}}
{{- define "kcsink.labels" -}}
helm.sh/chart: {{ include "kcsink.chart" . }}
{{ include "kcsink.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kafka-cassandra-sink
{{- end }}

{{/*
Labels that select the pods; never change them, Deployments cannot change their selector.
*/}}
{{- define "kcsink.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kcsink.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "kcsink.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kcsink.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Name of the Secret one credential comes from: its own existingSecret, else secret.existingSecret, else the chart's.
Called with (list $ $ownExistingSecret).
*/}}
{{- define "kcsink.secretName" -}}
{{- $root := index . 0 }}
{{- coalesce (index . 1) $root.Values.secret.existingSecret (include "kcsink.fullname" $root) }}
{{- end }}

{{/*
The clients that use TLS material from a Secret, as a YAML list: id (the values key under tls), bundle (the Spring SSL
bundle's name and the mount's sub-directory), env (prefix of the password variables), secret, format, keys (tls.keys
overridden key by key by the client's keys), dir and volume.
*/}}
{{- define "kcsink.tlsClients" -}}
{{- $clients := list }}
{{- range $client := list
      (dict "id" "kafka" "bundle" "kafka" "env" "TLS_KAFKA")
      (dict "id" "cassandra" "bundle" "cassandra" "env" "TLS_CASSANDRA")
      (dict "id" "schemaRegistry" "bundle" "schema-registry" "env" "TLS_SCHEMA_REGISTRY") }}
{{- $values := index $.Values.tls $client.id }}
{{- if $values.enabled }}
{{- $keys := deepCopy $.Values.tls.keys }}
{{- range $name, $key := $values.keys }}
{{- $_ := set $keys $name $key }}
{{- end }}
{{- $secret := required (printf "tls.%s.enabled needs a Secret with the TLS material: set tls.%s.existingSecret or tls.existingSecret" $client.id $client.id) (coalesce $values.existingSecret $.Values.tls.existingSecret) }}
{{- $dir := printf "%s/%s" (trimSuffix "/" $.Values.tls.mountPath) $client.bundle }}
{{- $clients = append $clients (merge (dict "secret" $secret "format" (coalesce $values.format $.Values.tls.format) "keys" $keys "dir" $dir "volume" (printf "tls-%s" $client.bundle)) $client) }}
{{- end }}
{{- end }}
{{- toYaml $clients }}
{{- end }}

{{/*
Every value the pod reads from a Secret, declared once, as a YAML list: the Deployment turns each into an environment
variable (env) from a secretKeyRef (secret, key); secret.yaml stores those the chart owns (owned: no existingSecret
names a Secret for them) from value, naming the values path (from) and its condition (when) if it is missing.
*/}}
{{- define "kcsink.credentials" -}}
{{- $registry := .Values.schemaRegistry.auth }}
{{- $sources := list
      (dict "on" .Values.cassandra.auth.enabled "when" "cassandra.auth.enabled" "path" "cassandra.auth" "values" .Values.cassandra.auth
            "items" (list (list "SPRING_CASSANDRA_USERNAME" "username") (list "SPRING_CASSANDRA_PASSWORD" "password")))
      (dict "on" .Values.kafka.sasl.enabled "when" "kafka.sasl.enabled" "path" "kafka.sasl" "values" .Values.kafka.sasl
            "items" (list (list "KAFKA_SASL_USERNAME" "username") (list "KAFKA_SASL_PASSWORD" "password")))
      (dict "on" (eq $registry.type "basic") "when" "schemaRegistry.auth.type is basic" "path" "schemaRegistry.auth" "values" $registry
            "items" (list (list "SCHEMA_REGISTRY_USERNAME" "username") (list "SCHEMA_REGISTRY_PASSWORD" "password")))
      (dict "on" (eq $registry.type "bearer") "when" "schemaRegistry.auth.type is bearer" "path" "schemaRegistry.auth" "values" $registry
            "items" (list (list "SCHEMA_REGISTRY_BEARER_TOKEN" "bearerToken"))) }}
{{- $credentials := list }}
{{- range $source := $sources }}
{{- if $source.on }}
{{- $secret := include "kcsink.secretName" (list $ $source.values.existingSecret) }}
{{- $owned := not (or $source.values.existingSecret $.Values.secret.existingSecret) }}
{{- range $item := $source.items }}
{{- $field := index $item 1 }}
{{- $credentials = append $credentials (dict
      "env" (index $item 0) "secret" $secret "key" (index $source.values (printf "%sKey" $field)) "owned" $owned
      "value" (index $source.values $field) "from" (printf "%s.%s" $source.path $field) "when" $source.when) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $tls := fromYamlArray (include "kcsink.tlsClients" .) }}
{{- $passwords := list }}
{{- if eq $tls.format "pem" }}
{{- if $tls.keys.certificate }}
{{- $passwords = append $passwords (list "PRIVATE_KEY_PASSWORD" $tls.keys.privateKeyPassword) }}
{{- end }}
{{- else }}
{{- if $tls.keys.keystore }}
{{- $passwords = append $passwords (list "KEYSTORE_PASSWORD" $tls.keys.keystorePassword) }}
{{- end }}
{{- if $tls.keys.truststore }}
{{- $passwords = append $passwords (list "TRUSTSTORE_PASSWORD" $tls.keys.truststorePassword) }}
{{- end }}
{{- end }}
{{- range $password := $passwords }}
{{- if index $password 1 }}
{{- $credentials = append $credentials (dict "env" (printf "%s_%s" $tls.env (index $password 0)) "secret" $tls.secret "key" (index $password 1) "owned" false) }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml $credentials }}
{{- end }}

{{/*
True when the chart must create its Secret: some credential is needed and no existingSecret names where it lives.
*/}}
{{- define "kcsink.ownsSecret" -}}
{{- range fromYamlArray (include "kcsink.credentials" .) }}
{{- if .owned }}true{{ end }}
{{- end }}
{{- end }}

{{/*
The Kafka security protocol: kafka.securityProtocol, else SASL_SSL with SASL, else SSL with tls.kafka, else none.
*/}}
{{- define "kcsink.kafkaSecurityProtocol" -}}
{{- if .Values.kafka.securityProtocol }}
{{- .Values.kafka.securityProtocol }}
{{- else if .Values.kafka.sasl.enabled }}
{{- "SASL_SSL" }}
{{- else if .Values.tls.kafka.enabled }}
{{- "SSL" }}
{{- end }}
{{- end }}

{{/*
What KEDA's kafka scaler reads from Secrets, as a YAML list of secretTargetRef entries: the SASL username and password,
and with PEM material for Kafka its ca, cert, key and keyPassword (KEDA reads no keystores).
*/}}
{{- define "kcsink.kedaSecretTargetRefs" -}}
{{- $refs := list }}
{{- $sasl := .Values.kafka.sasl }}
{{- if $sasl.enabled }}
{{- $secret := include "kcsink.secretName" (list . $sasl.existingSecret) }}
{{- $refs = append $refs (dict "parameter" "username" "name" $secret "key" $sasl.usernameKey) }}
{{- $refs = append $refs (dict "parameter" "password" "name" $secret "key" $sasl.passwordKey) }}
{{- end }}
{{- range $tls := fromYamlArray (include "kcsink.tlsClients" .) }}
{{- if and (eq $tls.id "kafka") (eq $tls.format "pem") }}
{{- $keys := $tls.keys }}
{{- $parameters := dict "ca" $keys.ca }}
{{- if $keys.certificate }}
{{- $parameters = merge $parameters (dict "cert" $keys.certificate "key" $keys.privateKey "keyPassword" $keys.privateKeyPassword) }}
{{- end }}
{{- range $parameter := list "ca" "cert" "key" "keyPassword" }}
{{- with get $parameters $parameter }}
{{- $refs = append $refs (dict "parameter" $parameter "name" $tls.secret "key" .) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml $refs }}
{{- end }}

{{/*
Name of the TriggerAuthentication KEDA's kafka trigger uses: keda.authenticationRef, else the chart's when Kafka needs
secrets, else none.
*/}}
{{- define "kcsink.kedaAuthenticationName" -}}
{{- if .Values.keda.authenticationRef }}
{{- .Values.keda.authenticationRef }}
{{- else if fromYamlArray (include "kcsink.kedaSecretTargetRefs" .) }}
{{- include "kcsink.fullname" . }}
{{- end }}
{{- end }}

{{/*
The consumer's auto-offset-reset: config.spring.kafka.consumer.auto-offset-reset, else the service's default, earliest.
*/}}
{{- define "kcsink.autoOffsetReset" -}}
{{- dig "spring" "kafka" "consumer" "auto-offset-reset" "earliest" (.Values.config | default dict) }}
{{- end }}

{{/*
The image, or a failed render saying how to build one: no image of the sink is published anywhere.
*/}}
{{- define "kcsink.image" -}}
{{- if not .Values.image.repository }}
{{- fail "image.repository is empty: no image of kafka-cassandra-sink is published, so build it from a clone of the repository and push it to a registry your cluster pulls from:\n  ./mvnw -B package -DskipTests\n  docker build -t registry.example.com/kafka-cassandra-sink:0.1.0 .\n  docker push registry.example.com/kafka-cassandra-sink:0.1.0\nthen set image.repository=registry.example.com/kafka-cassandra-sink and image.tag=0.1.0 (see the chart README)." }}
{{- end }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/*
Fails the render on values that contradict each other; included by the Deployment.
*/}}
{{- define "kcsink.validate" -}}
{{- if and .Values.autoscaling.enabled .Values.keda.enabled }}
{{- fail "autoscaling.enabled and keda.enabled are mutually exclusive: both would scale the same Deployment. Enable only one." }}
{{- end }}
{{- if .Values.keda.enabled }}
{{- $reset := include "kcsink.autoOffsetReset" . }}
{{- if not (has $reset (list "earliest" "latest")) }}
{{- fail (printf "keda.enabled: KEDA's offsetResetPolicy follows config.spring.kafka.consumer.auto-offset-reset and takes earliest or latest, not %s." $reset) }}
{{- end }}
{{- if and .Values.keda.allowIdleConsumers .Values.keda.limitToPartitionsWithLag }}
{{- fail "keda.allowIdleConsumers and keda.limitToPartitionsWithLag cannot both be true: KEDA refuses the trigger." }}
{{- end }}
{{- if and .Values.keda.limitToPartitionsWithLag (not .Values.keda.topic) }}
{{- fail "keda.limitToPartitionsWithLag needs keda.topic: KEDA refuses the trigger without a topic." }}
{{- end }}
{{- end }}
{{- $protocol := include "kcsink.kafkaSecurityProtocol" . }}
{{- if and .Values.tls.kafka.enabled (not (has $protocol (list "SSL" "SASL_SSL"))) }}
{{- fail (printf "tls.kafka.enabled needs kafka.securityProtocol SSL or SASL_SSL (or empty), not %s." $protocol) }}
{{- end }}
{{- if and .Values.kafka.sasl.enabled (not (has $protocol (list "SASL_SSL" "SASL_PLAINTEXT"))) }}
{{- fail (printf "kafka.sasl.enabled needs kafka.securityProtocol SASL_SSL or SASL_PLAINTEXT (or empty), not %s." $protocol) }}
{{- end }}
{{- range $tls := fromYamlArray (include "kcsink.tlsClients" .) }}
{{- if and (eq $tls.format "pem") $tls.keys.certificate (not $tls.keys.privateKey) }}
{{- fail (printf "tls.%s: a client certificate (keys.certificate) needs its private key (keys.privateKey)." $tls.id) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The application.yml: what the chart derives from values, deep-merged with .Values.config (config wins).
Credentials are deliberately absent: they reach the pod as environment variables from Secrets, and the YAML names them
only as ${...} placeholders.
*/}}
{{- define "kcsink.applicationYaml" -}}
{{- $consumer := dict "group-id" .Values.kafka.groupId }}
{{- if .Values.kafka.staticMembership }}
{{- /* POD_NAME comes from the downward API; Spring Kafka suffixes it per consumer thread. */}}
{{- $_ := set $consumer "properties" (dict "group.instance.id" "${POD_NAME}") }}
{{- end }}
{{- $kafka := dict "bootstrap-servers" .Values.kafka.bootstrapServers "consumer" $consumer }}
{{- with include "kcsink.kafkaSecurityProtocol" . }}
{{- $_ := set $kafka "security" (dict "protocol" .) }}
{{- end }}
{{- if .Values.kafka.sasl.enabled }}
{{- $mechanism := .Values.kafka.sasl.mechanism }}
{{- $module := ternary "org.apache.kafka.common.security.plain.PlainLoginModule" "org.apache.kafka.common.security.scram.ScramLoginModule" (eq $mechanism "PLAIN") }}
{{- $jaas := printf "%s required username=\"${KAFKA_SASL_USERNAME}\" password=\"${KAFKA_SASL_PASSWORD}\";" $module }}
{{- $_ := set $kafka "properties" (dict "sasl.mechanism" $mechanism "sasl.jaas.config" $jaas) }}
{{- end }}
{{- $cassandra := dict "contact-points" .Values.cassandra.contactPoints "local-datacenter" .Values.cassandra.localDatacenter }}
{{- if .Values.cassandra.keyspace }}
{{- $_ := set $cassandra "keyspace-name" .Values.cassandra.keyspace }}
{{- end }}
{{- $registry := dict }}
{{- range (fromYamlArray (include "kcsink.credentials" .)) }}
{{- $property := get (dict "SCHEMA_REGISTRY_USERNAME" "username" "SCHEMA_REGISTRY_PASSWORD" "password" "SCHEMA_REGISTRY_BEARER_TOKEN" "bearer-token") .env }}
{{- if $property }}
{{- $_ := set $registry $property (printf "${%s}" .env) }}
{{- end }}
{{- end }}
{{- /* One SSL bundle per TLS client, named after it, pointing at the files of its mounted Secret. */}}
{{- $bundles := dict }}
{{- range $tls := fromYamlArray (include "kcsink.tlsClients" .) }}
{{- $keys := $tls.keys }}
{{- $bundle := dict }}
{{- if eq $tls.format "pem" }}
{{- if $keys.certificate }}
{{- $keystore := dict "certificate" (printf "file:%s/%s" $tls.dir $keys.certificate) "private-key" (printf "file:%s/%s" $tls.dir $keys.privateKey) }}
{{- if $keys.privateKeyPassword }}
{{- $_ := set $keystore "private-key-password" (printf "${%s_PRIVATE_KEY_PASSWORD}" $tls.env) }}
{{- end }}
{{- $_ := set $bundle "keystore" $keystore }}
{{- end }}
{{- if $keys.ca }}
{{- $_ := set $bundle "truststore" (dict "certificate" (printf "file:%s/%s" $tls.dir $keys.ca)) }}
{{- end }}
{{- else }}
{{- range $store := list "keystore" "truststore" }}
{{- with index $keys $store }}
{{- $entry := dict "location" (printf "file:%s/%s" $tls.dir .) "type" (upper $tls.format) }}
{{- if index $keys (printf "%sPassword" $store) }}
{{- $_ := set $entry "password" (printf "${%s_%s_PASSWORD}" $tls.env (upper $store)) }}
{{- end }}
{{- $_ := set $bundle $store $entry }}
{{- end }}
{{- end }}
{{- end }}
{{- $kind := ternary "pem" "jks" (eq $tls.format "pem") }}
{{- $_ := set $bundles $kind (merge (dict $tls.bundle $bundle) (get $bundles $kind | default dict)) }}
{{- if eq $tls.id "kafka" }}
{{- $_ := set $kafka "ssl" (dict "bundle" $tls.bundle) }}
{{- else if eq $tls.id "cassandra" }}
{{- $_ := set $cassandra "ssl" (dict "enabled" true "bundle" $tls.bundle) }}
{{- else }}
{{- $_ := set $registry "ssl-bundle" $tls.bundle }}
{{- end }}
{{- end }}
{{- $spring := dict "kafka" $kafka "cassandra" $cassandra "lifecycle" (dict "timeout-per-shutdown-phase" (printf "%ds" (int .Values.shutdownGracePeriodSeconds))) }}
{{- if $bundles }}
{{- $_ := set $spring "ssl" (dict "bundle" $bundles) }}
{{- end }}
{{- $management := dict
      "server" (dict "port" (int .Values.management.port))
      "endpoints" (dict "web" (dict "exposure" (dict "include" (join "," .Values.management.exposure))))
      "endpoint" (dict "health" (dict "probes" (dict "enabled" true))) }}
{{- $sink := dict "routes" .Values.sink.routes }}
{{- if $registry }}
{{- $_ := set $sink "schema-registry" $registry }}
{{- end }}
{{- $app := dict "spring" $spring "management" $management "sink" $sink }}
{{- toYaml (mustMergeOverwrite $app (deepCopy .Values.config)) }}
{{- end }}
