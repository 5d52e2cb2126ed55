using Xunit;

namespace ModelOpt.Node.Tests.Deployment;

/// <summary>Checks the wiring of the rendered k8s/ overlays: ports, probes, discovery, secrets, GPUs, network policy.</summary>
public sealed class KustomizeManifestTests
{
    public static TheoryData<string> Overlays => new() { "cpu", "gpu" };

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public void Every_service_port_targets_a_container_port_of_the_pods_it_selects(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        foreach (var service in rendered.OfKind("Service"))
        {
            var name = service.At("metadata").Text("name");
            var selector = service.At("spec").Map("selector").Strings();
            var selected = rendered.Workloads.Where(w => RenderedOverlay.Selects(selector, RenderedOverlay.PodLabels(w))).ToList();
            Assert.True(selected.Count > 0, $"{overlay}: Service {name} selects no pods");
            foreach (var port in service.At("spec").Maps("ports"))
            foreach (var workload in selected)
            {
                var target = port.Text("targetPort") ?? port.Text("port")!;
                var declared = RenderedOverlay.PodSpec(workload).Maps("containers").SelectMany(c => RenderedOverlay.Ports(c)).ToList();
                Assert.True(declared.Any(p => p.Key == target || p.Value.ToString() == target),
                    $"{overlay}: Service {name} port {port.Text("name")} targets '{target}', which {workload.At("metadata").Text("name")} does not declare");
            }
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public void Every_probe_uses_a_declared_container_port(string overlay)
    {
        foreach (var workload in RenderedOverlay.Get(overlay).Workloads)
        foreach (var container in RenderedOverlay.PodSpec(workload).Maps("containers"))
        foreach (var probeName in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
            if (container.Map(probeName)?.Map("httpGet")?.Text("port") is { } port)
                Assert.True(RenderedOverlay.Ports(container).Any(p => p.Key == port || p.Value.ToString() == port),
                    $"{overlay}: {workload.At("metadata").Text("name")} {probeName} uses port '{port}', not declared by container {container.Text("name")}");
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public void Node_ports_and_health_checks_match_the_application_defaults(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var coordinator = RenderedOverlay.Container(rendered.Single("StatefulSet", "modelopt-coordinator"));
        var worker = RenderedOverlay.Container(rendered.Single("StatefulSet", "modelopt-worker"));

        Assert.Equal(
            new Dictionary<string, int> { ["remoting"] = DeploymentPorts.Remoting, ["management"] = DeploymentPorts.Management, ["command"] = DeploymentPorts.Command },
            RenderedOverlay.Ports(coordinator));
        Assert.Equal(
            new Dictionary<string, int> { ["remoting"] = DeploymentPorts.Remoting, ["management"] = DeploymentPorts.Management },
            RenderedOverlay.Ports(worker));
        foreach (var container in new[] { coordinator, worker })
        {
            var environment = rendered.Environment(container);
            Assert.Equal(DeploymentPorts.Remoting.ToString(), environment["MOPT_PORT"]);
            Assert.Equal(DeploymentPorts.Management.ToString(), environment["MOPT_MANAGEMENT_PORT"]);
            Assert.Equal(DeploymentPorts.Command.ToString(), environment["MOPT_COMMAND_PORT"]);
            Assert.Equal("/health/ready", container.At("readinessProbe", "httpGet").Text("path"));
            Assert.Equal("/health/alive", container.At("livenessProbe", "httpGet").Text("path"));
            Assert.Equal("management", container.At("livenessProbe", "httpGet").Text("port"));
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public void Kubernetes_discovery_finds_coordinators_and_workers_and_may_list_pods(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var nodes = new[] { "modelopt-coordinator", "modelopt-worker" }.Select(name => rendered.Single("StatefulSet", name)).ToList();
        var replicas = 0;
        var requiredContactPoints = 0;
        foreach (var node in nodes)
        {
            var container = RenderedOverlay.Container(node);
            var environment = rendered.Environment(container);
            Assert.Equal("kubernetes", environment["MOPT_DISCOVERY"]);
            var selector = environment["MOPT_DISCOVERY_LABEL_SELECTOR"].Split(',')
                .Select(term => term.Split('=', 2)).ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim());
            Assert.True(RenderedOverlay.Selects(selector, RenderedOverlay.PodLabels(node)),
                $"{overlay}: MOPT_DISCOVERY_LABEL_SELECTOR '{environment["MOPT_DISCOVERY_LABEL_SELECTOR"]}' does not match {node.At("metadata").Text("name")}'s pod labels");
            Assert.Contains(environment["MOPT_DISCOVERY_PORT_NAME"], RenderedOverlay.Ports(container).Keys);
            var service = rendered.Single("Service", environment["MOPT_DISCOVERY_SERVICE_NAME"]);
            Assert.Equal("None", service.At("spec").Text("clusterIP"));
            Assert.Equal(service.At("metadata").Text("name"), node.At("spec").Text("serviceName"));
            Assert.Equal("modelopt-node", RenderedOverlay.PodSpec(node).Text("serviceAccountName"));
            replicas += int.Parse(node.At("spec").Text("replicas")!);
            requiredContactPoints = int.Parse(environment["MOPT_REQUIRED_CONTACT_POINTS"]);
        }
        Assert.True(requiredContactPoints <= replicas, $"{overlay}: bootstrap waits for more contact points than there are node pods");

        var role = rendered.Single("Role", "modelopt-pod-reader");
        var podRule = role.Maps("rules").Single(rule => rule.Texts("resources").Contains("pods"));
        Assert.Equal(["get", "list", "watch"], podRule.Texts("verbs").Order());
        var binding = rendered.Single("RoleBinding", "modelopt-pod-reader");
        Assert.Equal("modelopt-pod-reader", binding.At("roleRef").Text("name"));
        Assert.Contains(binding.Maps("subjects"), subject => subject.Text("kind") == "ServiceAccount" && subject.Text("name") == "modelopt-node");
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public void Command_token_comes_from_an_operator_secret_mounted_where_the_token_file_points(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        Assert.Empty(rendered.OfKind("Secret"));
        var coordinator = rendered.Single("StatefulSet", "modelopt-coordinator");
        var container = RenderedOverlay.Container(coordinator);
        var tokenFile = rendered.Environment(container)["MOPT_TOKEN_FILE"];

        var mount = container.Maps("volumeMounts").Single(m => tokenFile.StartsWith(m.Text("mountPath") + "/", StringComparison.Ordinal));
        Assert.Equal("true", mount.Text("readOnly"));
        var volume = RenderedOverlay.PodSpec(coordinator).Maps("volumes").Single(v => v.Text("name") == mount.Text("name"));
        Assert.Equal("modelopt-command-token", volume.At("secret").Text("secretName"));
        Assert.Equal("token", Path.GetRelativePath(mount.Text("mountPath")!, tokenFile));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public void Every_node_mounts_the_tls_secret_where_its_tls_dir_points_and_the_coordinator_serves_https(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        foreach (var name in new[] { "modelopt-coordinator", "modelopt-worker" })
        {
            var node = rendered.Single("StatefulSet", name);
            var container = RenderedOverlay.Container(node);
            var tlsDir = rendered.Environment(container)["MOPT_TLS_DIR"];
            var mount = container.Maps("volumeMounts").Single(m => m.Text("mountPath") == tlsDir);
            Assert.Equal("true", mount.Text("readOnly"));
            var volume = RenderedOverlay.PodSpec(node).Maps("volumes").Single(v => v.Text("name") == mount.Text("name"));
            Assert.Equal("modelopt-tls", volume.At("secret").Text("secretName"));
        }
        Assert.Equal("1", rendered.Environment(RenderedOverlay.Container(rendered.Single("StatefulSet", "modelopt-coordinator")))["MOPT_COMMAND_TLS"]);
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public void Journal_password_comes_from_the_postgres_secret(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var container = RenderedOverlay.Container(rendered.Single("StatefulSet", "modelopt-coordinator"));
        var variables = container.Maps("env").Select(v => v.Text("name")).ToList();
        var password = container.Maps("env").Single(v => v.Text("name") == "POSTGRES_PASSWORD");
        Assert.Equal("modelopt-postgres", password.At("valueFrom", "secretKeyRef").Text("name"));
        var journal = rendered.Environment(container)["MOPT_JOURNAL"];
        Assert.StartsWith("Host=modelopt-postgres;", journal);
        Assert.Contains("Password=$(POSTGRES_PASSWORD)", journal);
        // Kubernetes expands $(VAR) only from variables defined earlier in the list.
        Assert.True(variables.IndexOf("POSTGRES_PASSWORD") < variables.IndexOf("MOPT_JOURNAL"));
        rendered.Single("Service", "modelopt-postgres");
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public void Only_the_gpu_overlay_gives_workers_a_gpu(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var worker = rendered.Single("StatefulSet", "modelopt-worker");
        var limits = RenderedOverlay.Container(worker).At("resources", "limits").Strings();
        if (overlay == "gpu")
        {
            Assert.Equal("1", limits["nvidia.com/gpu"]);
            Assert.EndsWith(":cuda", RenderedOverlay.Container(worker).Text("image"));
            Assert.NotEmpty(RenderedOverlay.PodSpec(worker).Maps("tolerations"));
            Assert.NotNull(RenderedOverlay.PodSpec(worker).Map("nodeSelector"));
        }
        else
        {
            Assert.DoesNotContain(rendered.Workloads.SelectMany(w => RenderedOverlay.PodSpec(w).Maps("containers")),
                c => c.Map("resources")?.Map("limits")?.Get("nvidia.com/gpu") is not null || c.Map("resources")?.Map("requests")?.Get("nvidia.com/gpu") is not null);
            Assert.EndsWith(":cpu", RenderedOverlay.Container(worker).Text("image"));
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public void Network_policy_admits_remoting_and_management_only_from_the_namespace(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var nodeLabels = RenderedOverlay.PodLabels(rendered.Single("StatefulSet", "modelopt-worker"));
        var policy = rendered.OfKind("NetworkPolicy")
            .Single(p => RenderedOverlay.Selects(p.At("spec", "podSelector").Map("matchLabels").Strings(), nodeLabels));
        var rules = policy.At("spec").Maps("ingress").ToList();
        foreach (var port in new[] { DeploymentPorts.Remoting, DeploymentPorts.Management })
        {
            var admitting = rules.Where(rule => rule.Maps("ports").Any(p => p.Text("port") == port.ToString())).ToList();
            Assert.True(admitting.Count > 0, $"{overlay}: no ingress rule admits port {port}");
            foreach (var rule in admitting)
            {
                var sources = rule.Maps("from").ToList();
                Assert.True(sources.Count > 0, $"{overlay}: port {port} is open to every source");
                Assert.All(sources, source =>
                {
                    // The namespace's pods, or (management only, for /metrics) Prometheus pods of any namespace.
                    if (port == DeploymentPorts.Management && source.Children.ContainsKey("namespaceSelector"))
                        Assert.Equal("prometheus", source.At("podSelector", "matchLabels").Text("app.kubernetes.io/name"));
                    else Assert.Equal(["podSelector"], source.Children.Keys.Select(k => k.ToString()));
                });
            }
        }
    }
}
