namespace Agora.Testing;

/// <summary>Finds the repository (the folder holding Agora.slnx) and the shared reference material beside it.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary><c>../shared</c> next to the repository (for a git worktree, next to the nearest folder above it that has
    /// one): conformance material used by tests, never copied in.</summary>
    public static string Shared { get; } = FindShared();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Agora.slnx")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("Agora.slnx not found above " + AppContext.BaseDirectory);
    }

    private static string FindShared()
    {
        for (var above = new DirectoryInfo(Path).Parent; above is not null; above = above.Parent)
        {
            var candidate = System.IO.Path.Combine(above.FullName, "shared");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        // Not found: the usual place, so that the failing test names the folder it expected.
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, "..", "shared"));
    }
}
