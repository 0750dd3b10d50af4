using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace YuLanData.Cli.ModelServer;

/// <summary>A refused request: its HTTP status and the OpenAI-style error body <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Message">What was wrong, for the client.</param>
/// <param name="Type">OpenAI error type, e.g. <c>invalid_request_error</c>.</param>
/// <param name="Param">The request field at fault, if any.</param>
/// <param name="Code">A machine-readable code, if any.</param>
public sealed record OpenAiError(int Status, string Message, string Type = "invalid_request_error", string? Param = null, string? Code = null)
{
    /// <summary>The JSON body.</summary>
    public JsonObject ToJson() => new()
    {
        ["error"] = new JsonObject { ["message"] = Message, ["type"] = Type, ["param"] = Param, ["code"] = Code },
    };

    /// <summary>Writes the status and body.</summary>
    public async Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = Status;
        response.ContentType = "application/json";
        await response.WriteAsync(ToJson().ToJsonString());
    }

    /// <summary>400 for a bad field.</summary>
    public static OpenAiError Invalid(string message, string? param = null) => new(400, message, Param: param);
}
