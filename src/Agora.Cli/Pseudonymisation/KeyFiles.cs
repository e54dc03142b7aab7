using Agora.Cli.CommandLine;
using Agora.Data.Files;
using Agora.Privacy.Keys;
using Agora.Privacy.Pseudonymisation;
using DuckDB.NET.Data;

namespace Agora.Cli.Pseudonymisation;

/// <summary>Shared pieces of the pseudonymisation commands: reading the key file and turning library errors into one
/// line for the terminal. Key material never reaches a message.</summary>
internal static class KeyFiles
{
    public static KeyRing Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserFacingException($"key file {path}: not found. Create one with a line VERSION:BASE64 (32 random bytes).");
        }
        try
        {
            return KeyRing.Parse(File.ReadAllText(path));
        }
        catch (KeyRingException e)
        {
            throw new UserFacingException($"key file {path}: {e.Message}");
        }
    }

    public static DomainKeyChain Chain(KeyRing ring, string domain, int? version)
    {
        try
        {
            if (version is { } v && !ring.Versions.Contains(v))
            {
                throw new UserFacingException($"key version {v} is not in the key file (it holds {string.Join(", ", ring.Versions)}).");
            }
            return DomainKeyChain.FromKeyRing(ring, domain, version);
        }
        catch (PseudonymisationException e)
        {
            throw new UserFacingException(e.Message);
        }
    }

    /// <summary>Runs a body and maps pseudonymisation, key and DuckDB errors to user-facing ones.</summary>
    public static T Guard<T>(Func<T> body)
    {
        try
        {
            return body();
        }
        catch (PseudonymisationException e)
        {
            throw new UserFacingException(e.Message);
        }
        catch (KeyRingException e)
        {
            throw new UserFacingException(e.Message);
        }
        catch (DuckDBException e)
        {
            var message = e.Message;
            var newline = message.IndexOf('\n', StringComparison.Ordinal);
            throw new UserFacingException(newline > 0 ? message[..newline] : message);
        }
    }

    public static void CheckInputAndOutput(string input, string output)
    {
        if (!File.Exists(input))
        {
            throw new TabularFileException($"{input}: file not found.");
        }
        TabularFile.FormatOf(output);
        if (string.Equals(Path.GetFullPath(input), Path.GetFullPath(output), StringComparison.Ordinal))
        {
            throw new UserFacingException("--out must differ from the input file.");
        }
    }
}
