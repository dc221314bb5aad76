// Package validate checks the deployment files against the real specifications: Kubernetes manifests are
// decoded strictly into the Kubernetes API types and the operators' CRD types, the compose file against the
// Compose specification's schema and loader, the Dockerfiles with BuildKit's linter.
package validate

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	k6v1alpha1 "github.com/grafana/k6-operator/api/v1alpha1"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// Object is a decoded manifest: its kind and the typed value.
type Object struct {
	APIVersion string
	Kind       string
	Name       string
	Value      any
}

// newObject gives an empty value of the Go type for apiVersion and kind, or an error for a kind the
// deployment files are not expected to hold.
func newObject(apiVersion, kind string) (any, error) {
	switch apiVersion + "/" + kind {
	case "v1/ConfigMap":
		return &corev1.ConfigMap{}, nil
	case "v1/Service":
		return &corev1.Service{}, nil
	case "v1/Pod":
		return &corev1.Pod{}, nil
	case "v1/PersistentVolumeClaim":
		return &corev1.PersistentVolumeClaim{}, nil
	case "apps/v1/Deployment":
		return &appsv1.Deployment{}, nil
	case "policy/v1/PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}, nil
	case "monitoring.coreos.com/v1/ServiceMonitor":
		return &monitoringv1.ServiceMonitor{}, nil
	case "k6.io/v1alpha1/TestRun":
		return &k6v1alpha1.TestRun{}, nil
	}
	return nil, fmt.Errorf("unexpected kind %s %s", apiVersion, kind)
}

var documentSeparator = regexp.MustCompile(`(?m)^---[ \t]*$`)

// SplitDocuments splits a multi-document YAML stream, dropping documents with no content (only comments).
func SplitDocuments(stream []byte) [][]byte {
	var documents [][]byte
	for _, part := range documentSeparator.Split(string(stream), -1) {
		var probe any
		if err := yaml.Unmarshal([]byte(part), &probe); err == nil && probe == nil {
			continue
		}
		documents = append(documents, []byte(part))
	}
	return documents
}

// DecodeStrict decodes one manifest into its API type. A field the type does not have, a duplicate field or
// a value of the wrong type is an error, as `kubectl apply --validate=strict` would report it.
func DecodeStrict(document []byte) (Object, error) {
	var meta metav1.TypeMeta
	if err := yaml.Unmarshal(document, &meta); err != nil {
		return Object{}, fmt.Errorf("reading apiVersion and kind: %w", err)
	}
	if meta.APIVersion == "" || meta.Kind == "" {
		return Object{}, errors.New("a manifest without apiVersion or kind")
	}
	value, err := newObject(meta.APIVersion, meta.Kind)
	if err != nil {
		return Object{}, err
	}
	jsonDocument, err := yaml.YAMLToJSONStrict(document)
	if err != nil {
		return Object{}, fmt.Errorf("%s: %w", meta.Kind, err)
	}
	// Kubernetes' own JSON decoding: field names match case-sensitively (encoding/json would take
	// "readinessprobe" for readinessProbe), and unknown or duplicate fields are reported.
	strictErrors, err := kjson.UnmarshalStrict(jsonDocument, value, kjson.DisallowUnknownFields, kjson.DisallowDuplicateFields)
	if err != nil {
		return Object{}, fmt.Errorf("%s: %w", meta.Kind, err)
	}
	if len(strictErrors) > 0 {
		return Object{}, fmt.Errorf("%s: %w", meta.Kind, errors.Join(strictErrors...))
	}
	name := ""
	if accessor, ok := value.(metav1.Object); ok {
		name = accessor.GetName()
	}
	if name == "" {
		return Object{}, fmt.Errorf("%s without metadata.name", meta.Kind)
	}
	return Object{APIVersion: meta.APIVersion, Kind: meta.Kind, Name: name, Value: value}, nil
}

// DecodeAll decodes every document of a stream strictly.
func DecodeAll(stream []byte) ([]Object, error) {
	var objects []Object
	var problems []string
	for index, document := range SplitDocuments(stream) {
		object, err := DecodeStrict(document)
		if err != nil {
			problems = append(problems, fmt.Sprintf("document %d: %v", index+1, err))
			continue
		}
		objects = append(objects, object)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	return objects, nil
}
