namespace Agora.Platform;

/// <summary>A refusal or a failure the caller can understand: the web layer turns it into RFC 9457 ProblemDetails,
/// the CLI into a message and an exit code. Messages never contain data values, keys or tokens.</summary>
public sealed class PlatformException : Exception
{
    public PlatformException(PlatformError error, string message, IReadOnlyDictionary<string, string[]>? fields = null)
        : base(message)
    {
        Error = error;
        Fields = fields;
    }

    public PlatformException()
    {
    }

    public PlatformException(string message)
        : base(message)
    {
    }

    public PlatformException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PlatformError Error { get; }

    /// <summary>Per-field problems (field name → messages), for validation errors.</summary>
    public IReadOnlyDictionary<string, string[]>? Fields { get; }
}

public enum PlatformError
{
    /// <summary>400: the request is malformed or breaks a rule.</summary>
    Validation,

    /// <summary>401: who is asking is unknown.</summary>
    Unauthenticated,

    /// <summary>403: the caller is known but may not do this.</summary>
    Forbidden,

    /// <summary>404: it does not exist, or the caller may not know it exists.</summary>
    NotFound,

    /// <summary>409: the state does not allow it (for example approving a draft).</summary>
    Conflict,

    /// <summary>413: too large.</summary>
    TooLarge,
}
