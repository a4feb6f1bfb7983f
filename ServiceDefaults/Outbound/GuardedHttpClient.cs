using System.Net;
using System.Net.Sockets;

namespace Blog.ServiceDefaults.Outbound;

/// <summary>
/// The HTTP client that calls addresses from outside (receivers, remote servers). It connects only to
/// addresses the policy allows, checked at connect time (a name that resolved to a public address when
/// it was given may point elsewhere now), follows no redirects, and has no retry of its own: retries
/// are the caller's, stored and spaced.
/// </summary>
public sealed class GuardedHttpClient : IDisposable
{
    readonly HttpClient client;

    /// <param name="policy">Which addresses may be connected to.</param>
    /// <param name="attemptTimeout">One attempt's limit, from connecting to the last byte of the answer.</param>
    /// <param name="userAgent">How the platform introduces itself (`Blog-Webhooks/1.0`).</param>
    public GuardedHttpClient(TargetAddressPolicy policy, TimeSpan attemptTimeout, string userAgent)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // A system proxy (HTTP_PROXY) would be the address connected to, past the policy's check of the receiver's.
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = attemptTimeout,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var host = context.DnsEndPoint.Host;
                var address = (await TargetAddressPolicy.ResolveAsync(host, cancellationToken)).FirstOrDefault(policy.IsAllowed)
                    ?? throw new HttpRequestException($"refused: {host} resolves only to private, loopback or link-local addresses");
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(address, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        client = new HttpClient(handler) { Timeout = attemptTimeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    public void Dispose() => client.Dispose();
}
