using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agora.Platform.Mail;

/// <summary>Configuration section <c>Agora:Mail</c>.</summary>
public sealed class MailOptions
{
    public const string Section = "Agora:Mail";

    /// <summary>Where messages are written, one <c>.eml</c> file each (a pickup directory). Empty: <c>DATA-DIR/outbox</c>.
    /// A mail transfer agent or a small job delivers them; Agora itself speaks no SMTP.</summary>
    public string? PickupDirectory { get; set; }

    /// <summary>The sender address of Agora's messages.</summary>
    [Required]
    [EmailAddress]
    public string From { get; set; } = "no-reply@agora.localhost";
}

/// <summary>
/// Writes e-mails as RFC 5322 messages into a pickup directory: complete or not at all (written to a temporary name,
/// flushed, then renamed to <c>.eml</c>), so a delivery agent watching the folder never reads half a message.
/// </summary>
public sealed partial class MailOutbox(IOptions<MailOptions> options, IOptions<PlatformOptions> platform, TimeProvider clock, ILogger<MailOutbox> logger)
{
    public string Directory => string.IsNullOrWhiteSpace(options.Value.PickupDirectory)
        ? Path.Combine(Path.GetFullPath(platform.Value.DataDirectory), "outbox")
        : Path.GetFullPath(options.Value.PickupDirectory);

    /// <summary>Writes one plain-text message; returns the file's path.</summary>
    public async Task<string> SendAsync(string to, string subject, string body, CancellationToken cancellationToken)
    {
        var recipient = Address(to);
        var sender = Address(options.Value.From);
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString("N");
        var message = new StringBuilder()
            .Append("From: ").Append(sender).Append("\r\n")
            .Append("To: ").Append(recipient).Append("\r\n")
            .Append("Subject: ").Append(EncodedWord(subject)).Append("\r\n")
            .Append("Date: ").Append(now.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("Message-ID: <").Append(id).Append('@').Append(sender[(sender.IndexOf('@') + 1)..]).Append(">\r\n")
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n")
            .Append("Content-Transfer-Encoding: base64\r\n")
            .Append("Auto-Submitted: auto-generated\r\n")
            .Append("\r\n")
            .Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(body.ReplaceLineEndings("\r\n")), Base64FormattingOptions.InsertLineBreaks))
            .Append("\r\n")
            .ToString();
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, $"{now:yyyyMMddTHHmmss}-{id}.eml");
        var temporary = Path.Combine(Directory, "." + id + ".tmp");
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await file.WriteAsync(Encoding.ASCII.GetBytes(message), cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path);
        var fileName = Path.GetFileName(path);
        LogWritten(logger, fileName);
        return path;
    }

    /// <summary>An address without a display name; refuses anything that could smuggle a header (CR, LF).</summary>
    private static string Address(string text)
    {
        if (text.AsSpan().IndexOfAny('\r', '\n') >= 0 || !MailAddress.TryCreate(text.Trim(), out var address))
        {
            throw new PlatformException(PlatformError.Validation, "This is not an e-mail address.");
        }
        return address.Address;
    }

    /// <summary>RFC 2047 encoded-word for subjects that are not plain ASCII (French, German, Luxembourgish).</summary>
    private static string EncodedWord(string text)
    {
        var clean = text.ReplaceLineEndings(" ");
        return clean.All(c => c is >= ' ' and <= '~') ? clean : "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(clean)) + "?=";
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Wrote {File} to the mail outbox")]
    private static partial void LogWritten(ILogger logger, string file);
}
