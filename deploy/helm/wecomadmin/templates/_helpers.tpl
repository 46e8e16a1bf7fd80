{{- define "wecomadmin.name" -}}wecomadmin{{- end -}}

{{- define "wecomadmin.fullname" -}}
{{- if contains "wecomadmin" .Release.Name -}}{{ .Release.Name | trunc 63 | trimSuffix "-" }}{{- else -}}{{ printf "%s-wecomadmin" .Release.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "wecomadmin.labels" -}}
app.kubernetes.io/name: wecomadmin
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "wecomadmin.selector" -}}
app.kubernetes.io/name: wecomadmin
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: portal
{{- end -}}

{{- define "wecomadmin.serviceAccount" -}}
{{- default (include "wecomadmin.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "wecomadmin.image" -}}
{{- if .Values.image.digest -}}{{ .Values.image.repository }}@{{ .Values.image.digest }}{{- else -}}{{ .Values.image.repository }}:{{ default .Chart.AppVersion .Values.image.tag }}{{- end -}}
{{- end -}}

{{/* The config file: values.config, with what the chart owns set here. */}}
{{- define "wecomadmin.config" -}}
{{- $c := deepCopy .Values.config -}}
{{- $_ := set $c "addr" "0.0.0.0:8080" -}}
{{- $_ := set $c "data_dir" "/data" -}}
{{- $media := default dict (get $c "media") -}}
{{- if .Values.clamav.enabled -}}
{{- $_ := set $media "clamd" (printf "tcp:%s-clamav:3310" (include "wecomadmin.fullname" .)) -}}
{{- end -}}
{{- $_ := set $media "temp_dir" "/tmp" -}}
{{- $_ := set $c "media" $media -}}
{{- toYaml $c -}}
{{- end -}}

{{- define "wecomadmin.podSecurity" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "wecomadmin.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end -}}
