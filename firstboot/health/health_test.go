package health

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rockyiso/rockyiso/firstboot/identity"
	"github.com/rockyiso/rockyiso/site"
)

func labSite(t *testing.T) *site.Site {
	t.Helper()
	s, err := site.Load(filepath.Join("..", "..", "examples", "lab-4node.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAgentProblem(t *testing.T) {
	s := labSite(t)
	net, comp := s.Host("neutron"), s.Host("compute")
	all := []Agent{
		{"neutron-linuxbridge-agent", "neutron.lab.local", true},
		{"neutron-dhcp-agent", "neutron", true},
		{"neutron-l3-agent", "neutron", false},
		{"neutron-linuxbridge-agent", "compute", true},
	}
	tests := []struct {
		name string
		h    *site.Host
		want string
	}{
		{"network node", net, "neutron-l3-agent is dead, neutron-metadata-agent is not registered"},
		{"compute node", comp, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := agentProblem(all, wantAgents(s, tt.h), tt.h, s.Domain); got != tt.want {
				t.Errorf("agentProblem = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestServiceProblem(t *testing.T) {
	s := labSite(t)
	b := s.Host("block")
	tests := []struct {
		name string
		all  []Service
		want string
	}{
		{"up", []Service{{"cinder-volume", "block@lvm", "up"}}, ""},
		{"down", []Service{{"cinder-volume", "block.lab.local@lvm", "down"}}, "cinder-volume is down"},
		{"other host", []Service{{"cinder-volume", "blocky@lvm", "up"}}, "cinder-volume is not registered"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := serviceProblem(tt.all, "cinder-volume", b, s.Domain); got != tt.want {
				t.Errorf("serviceProblem = %q, want %q", got, tt.want)
			}
		})
	}
}

// fakeCloud serves a token with a catalog, Nova's os-services and
// Neutron's agents.
func fakeCloud(t *testing.T, computeState string) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v3/auth/tokens", func(w http.ResponseWriter, r *http.Request) {
		ep := func(typ, path string) map[string]any {
			return map[string]any{"type": typ, "endpoints": []map[string]string{
				{"interface": "internal", "region": "RegionOne", "region_id": "RegionOne", "url": srv.URL + path}}}
		}
		w.Header().Set("X-Subject-Token", "tok")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(map[string]any{"token": map[string]any{
			"expires_at": time.Now().Add(time.Hour).UTC().Format(time.RFC3339),
			"catalog":    []any{ep("compute", "/compute/v2.1"), ep("network", "/network/")},
		}})
	})
	mux.HandleFunc("GET /compute/v2.1/os-services", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"services": []map[string]any{
			{"id": 1, "binary": "nova-compute", "host": "compute", "state": computeState, "status": "enabled"}}})
	})
	mux.HandleFunc("GET /network/{$}", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"versions": []map[string]any{{"id": "v2.0", "status": "CURRENT",
			"links": []map[string]string{{"href": srv.URL + "/network/v2.0/", "rel": "self"}}}}})
	})
	mux.HandleFunc("GET /network/v2.0/agents", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"agents": []map[string]any{
			{"id": "a", "binary": "neutron-linuxbridge-agent", "host": "compute", "alive": true}}})
	})
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestCheckCompute(t *testing.T) {
	s := labSite(t)
	sec := site.Secrets{}
	for _, k := range site.SecretNames() {
		sec[k] = "fake-" + strings.ToLower(k)
	}
	n, err := site.NewNode(s, "compute", sec)
	if err != nil {
		t.Fatal(err)
	}
	for state, wantErr := range map[string]string{"up": "", "down": "nova-compute is down"} {
		t.Run(state, func(t *testing.T) {
			srv := fakeCloud(t, state)
			err := Checker{AuthURL: srv.URL + "/v3"}.Check(context.Background(), n)
			switch {
			case wantErr == "" && err != nil:
				t.Errorf("Check: %v", err)
			case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
				t.Errorf("Check = %v, want %q", err, wantErr)
			}
		})
	}
}

func TestMissingEndpoints(t *testing.T) {
	want := []identity.Endpoint{
		{Service: "image", Interface: "public", Region: "RegionOne", URL: "http://controller:9292"},
		{Service: "image", Interface: "admin", Region: "RegionOne", URL: "http://controller:9292"},
	}
	have := []identity.Endpoint{want[0], {Service: "image", Interface: "admin", Region: "RegionOne", URL: "http://other:9292"}}
	got := missingEndpoints(want, have)
	if len(got) != 1 || got[0] != "image admin http://controller:9292" {
		t.Errorf("missingEndpoints = %q", got)
	}
	if got := missingEndpoints(want, append(have, want[1])); len(got) != 0 {
		t.Errorf("missingEndpoints with all present = %q", got)
	}
}
