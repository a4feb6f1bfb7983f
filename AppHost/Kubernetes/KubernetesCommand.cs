namespace Blog.AppHost.Kubernetes;

/// <summary>`AppHost kubernetes DIR` (./blog deploy kubernetes): writes the manifests into DIR.</summary>
static class KubernetesCommand
{
    public static async Task<int> RunAsync(string outputDirectory)
    {
        await KubernetesManifests.WriteAsync(outputDirectory);
        Console.WriteLine($"wrote the Kubernetes manifests into {Path.GetFullPath(outputDirectory)}");
        return 0;
    }
}
