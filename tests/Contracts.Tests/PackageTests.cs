using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using Blog.TestSupport;

namespace Blog.Contracts.Tests;

/// .NET integrators reference the contracts as a NuGet package: `dotnet pack` must produce one with
/// the assembly, its XML documentation and the README.
public sealed class PackageTests
{
    [Fact]
    public async Task Contracts_pack_as_a_NuGet_package_with_a_readme_and_documentation()
    {
        var output = Directory.CreateTempSubdirectory("blog-contracts-pack").FullName;
        try
        {
            var project = Path.Combine(TestInfrastructure.RepositoryRoot, "services", "Contracts", "Contracts.csproj");
            using var pack = Process.Start(new ProcessStartInfo("dotnet", ["pack", project, "-o", output, "--no-restore", "-nologo", "-v:q"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var log = pack.StandardOutput.ReadToEndAsync();
            var errors = pack.StandardError.ReadToEndAsync();
            await pack.WaitForExitAsync();
            Assert.True(pack.ExitCode == 0, $"dotnet pack failed: {await log}{await errors}");

            var package = Assert.Single(Directory.GetFiles(output, "Blog.Contracts.*.nupkg"));
            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("README.md", entries);
            Assert.Contains("lib/net10.0/Blog.Contracts.dll", entries);
            Assert.Contains("lib/net10.0/Blog.Contracts.xml", entries);
            // An integrator's editor shows each event's summary and each field's meaning.
            await using (var docsStream = zip.GetEntry("lib/net10.0/Blog.Contracts.xml")!.Open())
            {
                var members = XDocument.Load(docsStream).Descendants("member").ToDictionary(m => m.Attribute("name")!.Value);
                foreach (var type in typeof(PostPublished).Assembly.GetExportedTypes())
                {
                    Assert.True(members.TryGetValue($"T:{type.FullName}", out var doc) && doc.Element("summary") is not null, $"{type.Name} has no <summary>");
                    if (EventSchemas.EventTypes.Contains(type))
                        Assert.Equal(type.GetConstructors().Single().GetParameters().Length, doc!.Elements("param").Count());
                }
            }

            await using var nuspecStream = zip.GetEntry("Blog.Contracts.nuspec")!.Open();
            var nuspec = XDocument.Load(nuspecStream);
            var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string Meta(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
            Assert.Equal("Blog.Contracts", Meta("id"));
            Assert.Equal("README.md", Meta("readme"));
            Assert.Matches(@"^\d+\.\d+\.\d+$", Meta("version"));
            Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "dependency");

            using var readme = new StreamReader(zip.GetEntry("README.md")!.Open());
            Assert.Contains("Blog.Contracts:PostPublished", await readme.ReadToEndAsync());
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
