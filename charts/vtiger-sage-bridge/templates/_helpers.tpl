{{/* Chart name, truncated to the 63 characters a DNS label allows. */}}
{{- define "vsb.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; the release name alone when it already contains the chart name. */}}
{{- define "vsb.fullname" -}}
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

{{/* Labels on every object. */}}
{{- define "vsb.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "vsb.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: vtiger-sage-bridge
{{- end }}

{{/* Selector labels of one component; call with (dict "root" $ "component" "ingest"). */}}
{{- define "vsb.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vsb.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "vsb.componentName" -}}
{{- printf "%s-%s" (include "vsb.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "vsb.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "vsb.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret the pods read: the chart's dev Secret when secrets.create, else existingSecret. */}}
{{- define "vsb.secretName" -}}
{{- if .Values.secrets.create }}
{{- printf "%s-dev-secrets" (include "vsb.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- required "secrets.existingSecret is required (or secrets.create=true for a dev Secret)" .Values.secrets.existingSecret }}
{{- end }}
{{- end }}

{{- define "vsb.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "vsb.secretEnv" -}}
- name: {{ .key }}
  valueFrom:
    secretKeyRef:
      name: {{ include "vsb.secretName" .root }}
      key: {{ .key }}
{{- end }}

{{/*
Environment of one service. Each service gets only the variables its config schema reads
(services/<name>/src/config.ts); a test renders the chart and checks this.
*/}}
{{- define "vsb.env" -}}
{{- $root := .root }}
{{- $c := $root.Values.config }}
{{- $svc := .component -}}
- name: NODE_ENV
  value: production
- name: LOG_LEVEL
  value: {{ $c.logLevel | quote }}
- name: PORT
  value: {{ .port | quote }}
- name: KAFKA_BROKERS
  value: {{ $c.kafkaBrokers | quote }}
- name: TOPIC_PREFIX
  value: {{ $c.topicPrefix | quote }}
{{ include "vsb.secretEnv" (dict "root" $root "key" "MONGO_URL") }}
{{ include "vsb.secretEnv" (dict "root" $root "key" "ENCRYPTION_KEY") }}
- name: SAGE_API_URL
  value: {{ $c.sage.apiUrl | quote }}
- name: SAGE_TOKEN_URL
  value: {{ $c.sage.tokenUrl | quote }}
- name: SAGE_CLIENT_ID
  value: {{ $c.sage.clientId | quote }}
{{ include "vsb.secretEnv" (dict "root" $root "key" "SAGE_CLIENT_SECRET") }}
{{- if or (eq $svc "ingest") (eq $svc "audit") }}
- name: SAGE_AUTH_URL
  value: {{ $c.sage.authUrl | quote }}
{{- end }}
{{- if eq $svc "ingest" }}
- name: SAGE_POLL_INTERVAL
  value: {{ $c.sagePollInterval | quote }}
- name: RECONCILE_INTERVAL
  value: {{ $c.reconcileInterval | quote }}
{{- end }}
{{- if eq $svc "audit" }}
- name: PUBLIC_BASE_URL
  value: {{ $c.publicBaseUrl | quote }}
- name: JWT_ISSUER
  value: {{ $c.jwt.issuer | quote }}
- name: JWT_AUDIENCE
  value: {{ $c.jwt.audience | quote }}
{{- if $c.jwt.publicKey }}
- name: JWT_PUBLIC_KEY
  value: {{ $c.jwt.publicKey | quote }}
{{- else }}
{{ include "vsb.secretEnv" (dict "root" $root "key" "JWT_SECRET") }}
{{- end }}
{{- end }}
{{- end }}
