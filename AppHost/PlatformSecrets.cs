using System.Security.Cryptography;

namespace Blog.AppHost;

/// Credentials of the platform's servers, generated once into `{StateDir}/secrets/` (a folder only its
/// owner reads, files 0600) and handed to the servers and services as secret parameters (the dashboard
/// masks them). Kept with the data they protect: a new state folder gets new ones.
public sealed class PlatformSecrets(IDistributedApplicationBuilder builder, PlatformSettings platform)
{
    const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    readonly Dictionary<string, IResourceBuilder<ParameterResource>> parameters = [];

    string Folder => Path.Combine(platform.StateDirectory, "secrets");

    /// The secret named `name` (created on first use), as a parameter resource.
    public IResourceBuilder<ParameterResource> Get(string name)
    {
        if (parameters.TryGetValue(name, out var known)) return known;
        // Publishing (the Kubernetes manifests) refers to the secret by name and never reads or makes a value.
        return parameters[name] = builder.ExecutionContext.IsPublishMode
            ? builder.AddParameter($"{name}-secret", secret: true)
            : builder.AddParameter($"{name}-secret", ValueOf(name), secret: true);
    }

    /// Files are created 0600 in a 0700 folder.
    public string ValueOf(string name)
    {
        // The servers come from Debian's packages: the platform runs on Linux (Unix file modes below).
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("The platform's servers run on Linux.");
        Directory.CreateDirectory(Folder);
        File.SetUnixFileMode(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = Path.Combine(Folder, name);
        if (!File.Exists(path))
        {
            using var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            using var writer = new StreamWriter(file);
            writer.Write(RandomNumberGenerator.GetString(Alphabet, 32));
        }
        return File.ReadAllText(path).Trim();
    }
}
