{{/* The chart's name, and the release's full name (at most 63 characters, a DNS label). */}}
{{- define "tokenpace.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "tokenpace.fullname" -}}
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

{{- define "tokenpace.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tokenpace.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "tokenpace.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "tokenpace.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Server processes per pod: .Values.workers, or else the CPU limit rounded up to whole cores ("1500m" -> 2,
"2" -> 2, 0.5 -> 1), or else 0, with which the emulator counts the cores of its own CPU quota.
*/}}
{{- define "tokenpace.workers" -}}
{{- $limits := default (dict) .Values.resources.limits -}}
{{- $cpu := toString (default "" $limits.cpu) -}}
{{- if gt (int .Values.workers) 0 -}}
{{- int .Values.workers -}}
{{- else if eq $cpu "" -}}
0
{{- else if hasSuffix "m" $cpu -}}
{{- max 1 (div (add (atoi (trimSuffix "m" $cpu)) 999) 1000) -}}
{{- else -}}
{{- max 1 (int (ceil (float64 $cpu))) -}}
{{- end -}}
{{- end }}

{{- define "tokenpace.configPath" -}}/etc/tokenpace/config.yaml{{- end }}
