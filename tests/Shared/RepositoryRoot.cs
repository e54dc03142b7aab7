namespace Agora.Testing;

/// <summary>Finds the repository (the folder holding Agora.slnx) and the shared reference material beside it.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary><c>../shared</c> next to the repository: conformance material used by tests, never copied in.</summary>
    public static string Shared => System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, "..", "shared"));

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
}
