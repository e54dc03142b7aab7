using System.CommandLine;

namespace Agora.Cli.CommandLine;

/// <summary>The <c>--server</c> option of the commands that talk to a running Agora: an absolute http or https address.</summary>
internal static class ServerOption
{
    public static Option<Uri> Create() => new("--server")
    {
        Description = "Agora's address, for example http://127.0.0.1:5000.",
        Required = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var address) && (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps))
            {
                return address;
            }
            result.AddError($"--server must be an http or https address such as http://127.0.0.1:5000, not '{text}'.");
            return null;
        },
    };
}
