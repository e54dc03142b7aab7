namespace Agora.Privacy.Pseudonymisation;

/// <summary>A pseudonymisation or reversal that cannot be done: a value that does not fit the method, a pseudonym that
/// does not open with the domain's key. Messages name the rule, never a value or key material.</summary>
public sealed class PseudonymisationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PseudonymisationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PseudonymisationException()
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public PseudonymisationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
