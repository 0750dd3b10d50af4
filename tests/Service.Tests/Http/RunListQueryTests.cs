using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace YuLanData.Service.Tests;

/// <summary><c>GET /api/runs</c> filtered by state and text and paged newest first, over real HTTP; bad parameters get 400.</summary>
public class RunListQueryTests
{
    [Fact]
    public async Task FiltersByStateAndTextAndPagesNewestFirst()
    {
        using var root = new TempRoot();
        File.WriteAllText(root["alpha.yaml"], TempRoot.Pipeline(root["out/alpha"], root["in"], splitBytes: 200_000, name: "alpha-clean"));
        File.WriteAllText(root["beta.yaml"], TempRoot.Pipeline(root["out/beta"], root["in"], splitBytes: 200_000, name: "beta-clean"));
        File.WriteAllText(root["gamma.yaml"], TempRoot.Pipeline(root["out/gamma"], root["in"], splitBytes: 200_000, name: "alpha-second"));
        await using var svc = await LiveService.StartAsync(root);
        var ids = new List<string>();
        foreach (var p in new[] { "alpha.yaml", "beta.yaml", "gamma.yaml" })
        {
            ids.Add(await RunDetailsApiTests.SubmitAsync(svc, p));
            await svc.WaitAsync(ids[^1]);
        }

        async Task Check(string query, string[] expected, int total)
        {
            var response = await svc.Client.GetAsync("/api/runs" + query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var list = (await response.Content.ReadFromJsonAsync<JsonArray>())!;
            Assert.Equal(expected, list.Select(r => r!["id"]!.GetValue<string>()).ToArray());
            Assert.Equal(total, int.Parse(response.Headers.GetValues("X-Total-Count").Single()));
        }

        // No parameters: everything, in submission order, as before.
        await Check("", [.. ids], 3);
        // Text matches names (ignoring case), ids and folders; paging turns the order to newest first.
        await Check("?q=ALPHA", [ids[0], ids[2]], 2);
        await Check("?q=out/beta", [ids[1]], 1);
        await Check("?q=alpha&limit=1", [ids[2]], 2);
        await Check("?q=alpha&offset=1&limit=1", [ids[0]], 2);
        await Check("?state=succeeded&limit=10", [ids[2], ids[1], ids[0]], 3);
        await Check("?state=failed", [], 0);
        await Check("?offset=5", [], 3);
    }

    [Theory]
    [InlineData("?state=done")]
    [InlineData("?state=Succeeded")]
    [InlineData("?limit=0")]
    [InlineData("?limit=1001")]
    [InlineData("?offset=-1")]
    [InlineData("?offset=1e3")]
    [InlineData("?limit=%2B5")]
    public async Task RefusesBadParameters(string query)
    {
        using var root = new TempRoot();
        await using var svc = await LiveService.StartAsync(root);
        var response = await svc.Client.GetAsync("/api/runs" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RefusesTooLongSearchText()
    {
        using var root = new TempRoot();
        await using var svc = await LiveService.StartAsync(root);
        var response = await svc.Client.GetAsync("/api/runs?q=" + new string('a', 201));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
