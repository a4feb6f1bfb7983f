using System.Net;
using System.Net.Sockets;
using Blog.Webhooks.Model;
using Microsoft.Extensions.Options;

namespace Blog.Webhooks.Infrastructure;

/// <summary>
/// The HTTP client that calls receivers. It connects only to addresses the policy allows, checked at
/// connect time (a name that resolved to a public address at registration may point elsewhere now),
/// follows no redirects, and has no retry of its own: retries are the dispatcher's, stored and spaced.
/// </summary>
public sealed class WebhookHttpClient : IDisposable
{
    readonly HttpClient client;

    public WebhookHttpClient(TargetAddressPolicy policy, IOptions<WebhookOptions> options)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // A system proxy (HTTP_PROXY) would be the address connected to, past the policy's check of the receiver's.
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.Value.AttemptTimeout,
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
        client = new HttpClient(handler) { Timeout = options.Value.AttemptTimeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Blog-Webhooks/1.0");
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    public void Dispose() => client.Dispose();
}
