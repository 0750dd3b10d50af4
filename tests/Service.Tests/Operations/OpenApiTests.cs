using System.Net;
using System.Text.Json.Nodes;

namespace YuLanData.Service.Tests;

/// <summary><c>/openapi.json</c> describes exactly the routes the service maps.</summary>
public class OpenApiTests
{
    [Fact]
    public async Task EveryMappedRouteIsDescribedAndNothingElse()
    {
        using var root = new TempRoot();
        await using var svc = await LiveService.StartAsync(root);
        var response = await svc.Client.GetAsync("/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>());
        var described = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject())
            {
                described.Add(method.ToUpperInvariant() + " " + path);
                Assert.False(string.IsNullOrWhiteSpace(operation!["summary"]?.GetValue<string>()), $"{method} {path} has no summary");
                Assert.NotEmpty(operation["responses"]!.AsObject());
                // Every {name} of the path is declared as a path parameter.
                foreach (var segment in path.Split('/').Where(s => s.StartsWith('{')))
                    Assert.Contains(operation["parameters"]!.AsArray(), p => p!["in"]!.GetValue<string>() == "path" && "{" + p["name"]!.GetValue<string>() + "}" == segment);
            }
        var mapped = new SortedSet<string>(svc.Service.MappedRoutes().Select(r => r.Method + " " + r.Path), StringComparer.Ordinal);
        Assert.True(mapped.Count > 15, $"only {mapped.Count} routes found; reading the route table failed");
        Assert.Equal(mapped, described);
    }

    [Fact]
    public async Task TokenModeDeclaresTheBearerScheme()
    {
        using var root = new TempRoot();
        await using var svc = await LiveService.StartAsync(root, url: "http://0.0.0.0:0");
        string token = File.ReadAllText(root[".yulandata-service/token"]).Trim();
        var request = new HttpRequestMessage(HttpMethod.Get, "/openapi.json");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var document = JsonNode.Parse(await (await svc.Client.SendAsync(request)).Content.ReadAsStringAsync())!;
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
    }
}
