using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Yarp.ReverseProxy.Transforms;

namespace Blog.Gateway;

/// <summary>
/// The gateway is the one place that decides who the client is. It believes `X-Forwarded-For` only from
/// the proxies listed in `Gateway:TrustedProxies` (addresses or CIDR networks; none by default, so the
/// client is the connection's peer), and it never passes on what a client says about itself: the
/// forwarding headers are set afresh for the services, and headers only services may set are removed.
/// </summary>
public static class ClientAddresses
{
    /// <summary>Headers the services believe because only the gateway (or the site) sets them.</summary>
    static readonly string[] InternalHeaders = ["X-Viewer-Id", "Forwarded", "X-Real-IP", "X-Original-For", "X-Original-Host", "X-Original-Proto", "X-Client-IP"];

    public static void AddClientAddresses(this WebApplicationBuilder builder)
    {
        var trusted = builder.Configuration.GetSection("Gateway:TrustedProxies").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            // Walk X-Forwarded-For from the right while each hop is a trusted proxy; the first other address is the client.
            options.ForwardLimit = null;
            foreach (var entry in trusted.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()))
            {
                if (entry.Contains('/', StringComparison.Ordinal)) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
                else options.KnownProxies.Add(IPAddress.Parse(entry));
            }
            // With both lists empty the middleware would trust every peer: then it reads no header at all.
            if (options.KnownProxies.Count == 0 && options.KnownIPNetworks.Count == 0) options.ForwardedHeaders = ForwardedHeaders.None;
        });
        // The public /health says only whether the platform is up; which hosts, queues and stores answer
        // is for callers on this machine (the orchestrator, an operator), never for the internet.
        // (No peer address at all means no network in between: a Unix socket or an in-process host.)
        builder.Services.AddSingleton(new HealthDetailsPolicy(context => context.Connection.RemoteIpAddress is not { } peer || IPAddress.IsLoopback(peer)));
    }

    /// <summary>
    /// YARP sets X-Forwarded-For/Proto/Host/Prefix from what the gateway saw (replacing the client's), and
    /// the internal headers are dropped from every proxied request.
    /// </summary>
    public static IReverseProxyBuilder WithoutClientSuppliedHeaders(this IReverseProxyBuilder proxy) =>
        proxy.AddTransforms(context =>
        {
            context.AddXForwarded(ForwardedTransformActions.Set);
            foreach (var header in InternalHeaders) context.AddRequestHeaderRemove(header);
        });
}
