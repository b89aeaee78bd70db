package svctest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Token is what a test reads from a Keystone token, to check Keystone's
// state independently of the code under test.
type Token struct {
	// Roles are the role names on the token's project.
	Roles []string
	// Catalog lists "type name interface region url" for each endpoint,
	// sorted, with the project's ID in URLs put back as %(project_id)s.
	Catalog []string
}

// Token issues a token for user (in the Default domain) scoped to
// project, with a plain HTTP request.
func (k *Keystone) Token(ctx context.Context, user, password, project string) (Token, error) {
	body, err := json.Marshal(map[string]any{"auth": map[string]any{
		"identity": map[string]any{"methods": []string{"password"}, "password": map[string]any{
			"user": map[string]any{"name": user, "domain": map[string]any{"name": "Default"}, "password": password}}},
		"scope": map[string]any{"project": map[string]any{"name": project, "domain": map[string]any{"name": "Default"}}},
	}})
	if err != nil {
		return Token{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, k.URL+"/auth/tokens", strings.NewReader(string(body)))
	if err != nil {
		return Token{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return Token{}, err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusCreated {
		return Token{}, fmt.Errorf("token for %s on %s: %s", user, project, resp.Status)
	}
	var b tokenBody
	if err := json.NewDecoder(resp.Body).Decode(&b); err != nil {
		return Token{}, fmt.Errorf("reading a token: %w", err)
	}
	return b.token(), nil
}

type tokenBody struct {
	Token struct {
		Project struct{ ID string }     `json:"project"`
		Roles   []struct{ Name string } `json:"roles"`
		Catalog []struct {
			Type, Name string
			Endpoints  []struct{ Interface, Region, URL string } `json:"endpoints"`
		} `json:"catalog"`
	} `json:"token"`
}

func (b tokenBody) token() Token {
	var t Token
	for _, r := range b.Token.Roles {
		t.Roles = append(t.Roles, r.Name)
	}
	for _, s := range b.Token.Catalog {
		for _, e := range s.Endpoints {
			url := strings.ReplaceAll(e.URL, b.Token.Project.ID, "%(project_id)s")
			t.Catalog = append(t.Catalog, strings.Join([]string{s.Type, s.Name, e.Interface, e.Region, url}, " "))
		}
	}
	sort.Strings(t.Roles)
	sort.Strings(t.Catalog)
	return t
}
