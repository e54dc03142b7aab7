using Agora.Privacy.Keys;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agora.Platform.Keys;

/// <summary>The platform master key ring, from configuration (<c>Agora:MasterKey</c>), a key file
/// (<c>Agora:MasterKeyFile</c>), or, on a single machine with neither, a key file generated in the data folder.</summary>
public sealed partial class PlatformKeys : IDisposable
{
    private readonly Lazy<KeyRing> _ring;

    public PlatformKeys(IOptions<PlatformOptions> options, ILogger<PlatformKeys> logger)
    {
        var settings = options.Value;
        _ring = new Lazy<KeyRing>(() => Load(settings, logger));
    }

    public KeyRing Ring => _ring.Value;

    private static KeyRing Load(PlatformOptions settings, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(settings.MasterKey))
        {
            return KeyRing.Parse(settings.MasterKey);
        }
        var file = settings.MasterKeyFile;
        if (string.IsNullOrWhiteSpace(file))
        {
            file = Path.Combine(settings.DataDirectory, "keys", "master.key");
            if (!File.Exists(file))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                var temporary = file + ".tmp";
                File.WriteAllText(temporary, KeyRing.GenerateText());
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
                File.Move(temporary, file);
                LogGeneratedKey(logger, file);
            }
        }
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"The master key file '{file}' does not exist.");
        }
        return KeyRing.Parse(File.ReadAllText(file));
    }

    public void Dispose()
    {
        if (_ring.IsValueCreated)
        {
            _ring.Value.Dispose();
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Generated a master key file at {Path}. For production, set Agora:MasterKey or Agora:MasterKeyFile from a secret store.")]
    private static partial void LogGeneratedKey(ILogger logger, string path);
}
