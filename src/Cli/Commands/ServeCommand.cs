using System.CommandLine;
using YuLanData.Service.Http;

namespace YuLanData.Cli.Commands;

/// <summary>
/// <c>serve [--urls URL ...] [--root DIR ...] [--max-concurrent N] [--tls-cert PEM --tls-key PEM]</c>: the pipeline service (run queue, HTTP API,
/// dashboard). The process works in the first root, so relative paths in pipelines mean what they mean to
/// <c>yulandata run</c> started there.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string[]>("--urls") { Description = "Addresses to listen on (default http://127.0.0.1:8080; https:// with --tls-cert/--tls-key); any non-loopback address requires a bearer token.", AllowMultipleArgumentsPerToken = true };
        var roots = new Option<string[]>("--root") { Description = "Folders requests may name (repeatable; default: the working directory). The first holds the service state in .yulandata-service/.", AllowMultipleArgumentsPerToken = true };
        var concurrent = new Option<int>("--max-concurrent") { Description = "Runs executing at once.", DefaultValueFactory = _ => 1 };
        var workers = new Option<int>("--workers", "-w") { Description = "Workers of a run whose request names none (default: CPU cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var body = new Option<long>("--max-body-bytes") { Description = "Largest request body accepted.", DefaultValueFactory = _ => 1 << 20 };
        var tlsCert = new Option<string>("--tls-cert") { Description = "PEM certificate (chain) for https:// URLs." };
        var tlsKey = new Option<string>("--tls-key") { Description = "PEM private key of --tls-cert (unencrypted)." };
        var hosts = new Option<string[]>("--allowed-host") { Description = "Host names the service answers besides localhost, IP addresses and the --urls names (repeatable); others are refused (DNS rebinding).", AllowMultipleArgumentsPerToken = true };
        var origins = new Option<string[]>("--allowed-origin") { Description = "Origins (https://name:port) besides the service's own whose pages may submit or cancel runs, such as a TLS proxy's public address (repeatable).", AllowMultipleArgumentsPerToken = true };
        var keepDays = new Option<double?>("--retention-days") { Description = "Delete ended runs (record and run folder) this many days after they end; applied at start and hourly." };
        var keepRuns = new Option<int?>("--retention-runs") { Description = "Keep only this many ended runs (the newest); older ones are deleted with their run folders." };
        var webhook = new Option<string>("--webhook-url") { Description = "POST a JSON message to this http(s) URL when a run ends (redirects are not followed; a failure is logged only)." };
        var webhookTimeout = new Option<double>("--webhook-timeout") { Description = "Seconds a webhook call may take.", DefaultValueFactory = _ => 10 };
        var command = new Command("serve", "Serve a run queue over HTTP with a live dashboard; unfinished runs resume after a restart.")
        {
            urls, roots, concurrent, workers, body, tlsCert, tlsKey, hosts, origins, keepDays, keepRuns, webhook, webhookTimeout,
        };
        command.SetAction(parse =>
        {
            var rootList = parse.GetValue(roots) is { Length: > 0 } r ? r.Select(Path.GetFullPath).ToArray() : [Environment.CurrentDirectory];
            var urlList = parse.GetValue(urls) is { Length: > 0 } u ? u.SelectMany(x => x.Split(';', StringSplitOptions.RemoveEmptyEntries)).ToArray() : ["http://127.0.0.1:8080"];
            foreach (var root in rootList)
                if (!Directory.Exists(root))
                    throw new ArgumentException($"--root {root}: no such folder");
            Directory.SetCurrentDirectory(rootList[0]);
            var options = new ServiceOptions
            {
                Urls = urlList,
                Roots = rootList,
                MaxConcurrentRuns = Math.Max(1, parse.GetValue(concurrent)),
                DefaultWorkers = Math.Max(1, parse.GetValue(workers)),
                MaxBodyBytes = Math.Max(1024, parse.GetValue(body)),
                TlsCertificatePath = parse.GetValue(tlsCert) is { } c ? Path.GetFullPath(c) : null,
                TlsKeyPath = parse.GetValue(tlsKey) is { } k ? Path.GetFullPath(k) : null,
                AllowedHosts = parse.GetValue(hosts) ?? [],
                AllowedOrigins = parse.GetValue(origins) ?? [],
                RetentionDays = parse.GetValue(keepDays),
                RetentionRuns = parse.GetValue(keepRuns),
                WebhookUrl = parse.GetValue(webhook),
                WebhookTimeoutSeconds = Math.Max(0.1, parse.GetValue(webhookTimeout)),
            };
            return Serve(options);
        });
        return command;
    }

    private static int Serve(ServiceOptions options)
    {
        var service = PipelineService.StartAsync(options, Console.Error).GetAwaiter().GetResult();
        Console.Error.WriteLine("press Ctrl+C to stop (unfinished runs resume at the next start)");
        service.WaitForShutdownAsync().GetAwaiter().GetResult();
        service.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return ExitCodes.Ok;
    }
}
