// Package chartcheck renders the wecomadmin Helm chart with Helm's own Go
// packages and checks every object against the Kubernetes API types. It is
// its own module so the portal's build does not carry Helm and client-go.
package chartcheck
