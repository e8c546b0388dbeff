package main

// deploy/kubernetes/ is an example no cluster here runs
// (deploy/kubernetes/README.md): parsed as YAML, and checked to hang
// together.

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// k8sObjects reads every document of the YAML files in dir, by "Kind/name".
func k8sObjects(t *testing.T, dir string) map[string]map[string]any {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no YAML in %s (%v)", dir, err)
	}
	objs := map[string]map[string]any{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(src))
		for i := 0; ; i++ {
			var doc map[string]any
			if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s: document %d: %v", f, i+1, err)
			}
			kind, _ := doc["kind"].(string)
			name, _ := dig(doc, "metadata", "name").(string)
			if kind == "" || name == "" || doc["apiVersion"] == nil {
				t.Fatalf("%s: document %d has no apiVersion, kind or metadata.name", f, i+1)
			}
			objs[kind+"/"+name] = doc
		}
	}
	return objs
}

// dig follows keys (strings) and list indexes (ints) into v.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func TestKubernetesManifests(t *testing.T) {
	objs := k8sObjects(t, filepath.Join("..", "..", "deploy", "kubernetes"))
	for _, want := range []string{"Deployment/stark", "Service/stark", "Deployment/stark-redis", "Service/stark-redis", "Ingress/stark"} {
		if objs[want] == nil {
			t.Fatalf("deploy/kubernetes has no %s (has %v)", want, mapsKeys(objs))
		}
	}
	dep, svc, ing := objs["Deployment/stark"], objs["Service/stark"], objs["Ingress/stark"]
	c := dig(dep, "spec", "template", "spec", "containers", 0)
	if got := dig(c, "readinessProbe", "httpGet", "path"); got != "/healthz" {
		t.Errorf("stark's readinessProbe path is %v, want /healthz", got)
	}
	// The probe, the Service and the container name the same port.
	port, _ := dig(c, "ports", 0, "name").(string)
	if port == "" || dig(c, "readinessProbe", "httpGet", "port") != port || dig(svc, "spec", "ports", 0, "targetPort") != port {
		t.Errorf("the container's port %q is not the probe's and the Service's target", port)
	}
	// The selectors find the pods.
	labels := dig(dep, "spec", "template", "metadata", "labels", "app")
	if labels == nil || dig(dep, "spec", "selector", "matchLabels", "app") != labels || dig(svc, "spec", "selector", "app") != labels {
		t.Errorf("the Deployment's and Service's selectors do not match the pods' label %v", labels)
	}
	// The replicas use the Redis Service, and share STARK_SECRET.
	var args []string
	for _, a := range dig(c, "args").([]any) {
		args = append(args, a.(string))
	}
	i := slices.Index(args, "--redis")
	if i < 0 || i+1 >= len(args) || !strings.HasPrefix(args[i+1], "redis://stark-redis:") {
		t.Errorf("stark's args %v do not point --redis at the stark-redis Service", args)
	}
	if dig(c, "env", 0, "name") != "STARK_SECRET" {
		t.Errorf("stark's env does not set STARK_SECRET: %v", dig(c, "env"))
	}
	// The Ingress: cookie affinity for ingress-nginx, to the stark Service.
	ann, _ := dig(ing, "metadata", "annotations").(map[string]any)
	if ann["nginx.ingress.kubernetes.io/affinity"] != "cookie" || ann["nginx.ingress.kubernetes.io/session-cookie-name"] == nil {
		t.Errorf("the Ingress has no cookie affinity: %v", ann)
	}
	be := dig(ing, "spec", "rules", 0, "http", "paths", 0, "backend", "service")
	if dig(be, "name") != "stark" || dig(be, "port", "name") != dig(svc, "spec", "ports", 0, "name") {
		t.Errorf("the Ingress's backend %v is not the stark Service's port", be)
	}
}

func mapsKeys(m map[string]map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
