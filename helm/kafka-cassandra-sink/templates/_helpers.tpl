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
Name of the Secret the credentials come from: the existing one, or the chart's.
*/}}
{{- define "kcsink.secretName" -}}
{{- default (include "kcsink.fullname" .) .Values.secret.existingSecret }}
{{- end }}

{{/*
True when some credential is needed, so a Secret must be referenced.
*/}}
{{- define "kcsink.needsSecret" -}}
{{- if or .Values.cassandra.auth.enabled .Values.kafka.sasl.enabled }}true{{ end }}
{{- end }}

{{/*
Fails the render on values that contradict each other; included by the Deployment.
*/}}
{{- define "kcsink.validate" -}}
{{- if and .Values.autoscaling.enabled .Values.keda.enabled }}
{{- fail "autoscaling.enabled and keda.enabled are mutually exclusive: both would scale the same Deployment. Enable only one." }}
{{- end }}
{{- end }}

{{/*
The application.yml: what the chart derives from values, deep-merged with .Values.config (config wins).
Credentials are deliberately absent: they reach the pod as environment variables from the Secret.
*/}}
{{- define "kcsink.applicationYaml" -}}
{{- $consumer := dict "group-id" .Values.kafka.groupId }}
{{- if .Values.kafka.staticMembership }}
{{- /* POD_NAME comes from the downward API; Spring Kafka suffixes it per consumer thread. */}}
{{- $_ := set $consumer "properties" (dict "group.instance.id" "${POD_NAME}") }}
{{- end }}
{{- $kafka := dict "bootstrap-servers" .Values.kafka.bootstrapServers "consumer" $consumer }}
{{- $protocol := .Values.kafka.securityProtocol }}
{{- if and .Values.kafka.sasl.enabled (not $protocol) }}
{{- $protocol = "SASL_SSL" }}
{{- end }}
{{- if $protocol }}
{{- $_ := set $kafka "security" (dict "protocol" $protocol) }}
{{- end }}
{{- if .Values.kafka.sasl.enabled }}
{{- $_ := set $kafka "properties" (dict "sasl.mechanism" .Values.kafka.sasl.mechanism) }}
{{- end }}
{{- $cassandra := dict "contact-points" .Values.cassandra.contactPoints "local-datacenter" .Values.cassandra.localDatacenter }}
{{- if .Values.cassandra.keyspace }}
{{- $_ := set $cassandra "keyspace-name" .Values.cassandra.keyspace }}
{{- end }}
{{- $spring := dict "kafka" $kafka "cassandra" $cassandra "lifecycle" (dict "timeout-per-shutdown-phase" (printf "%ds" (int .Values.shutdownGracePeriodSeconds))) }}
{{- $management := dict
      "server" (dict "port" (int .Values.management.port))
      "endpoints" (dict "web" (dict "exposure" (dict "include" (join "," .Values.management.exposure))))
      "endpoint" (dict "health" (dict "probes" (dict "enabled" true))) }}
{{- $app := dict "spring" $spring "management" $management "sink" (dict "routes" .Values.sink.routes) }}
{{- toYaml (mustMergeOverwrite $app (deepCopy .Values.config)) }}
{{- end }}
