using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Blog.Bench;

public sealed record EventPathResult(int Clients, int Events, double P50Ms, double P99Ms, double EventsPerSecond);

/// PostPublished from the API call to an integrator's queue: posts are published through the gateway
/// and a plain AMQP subscriber notes when each event arrives.
static class EventPath
{
    static readonly string[] Tags = ["events"];

    public static async Task<EventPathResult> MeasureAsync(Seeder seeder, Uri broker, int count, int clients)
    {
        var received = new ConcurrentDictionary<string, DateTimeOffset>();
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync("Blog.Contracts:PostPublished", ExchangeType.Fanout, durable: true);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, "Blog.Contracts:PostPublished", "");
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var now = DateTimeOffset.UtcNow;
            using var envelope = JsonDocument.Parse(delivery.Body);
            received.TryAdd(envelope.RootElement.GetProperty("message").GetProperty("slug").GetString()!, now);
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);

        var sent = new ConcurrentDictionary<string, DateTimeOffset>();
        var author = seeder.Authors[0];
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = clients }, async (i, _) =>
        {
            var started = DateTimeOffset.UtcNow;
            var article = await seeder.SendAsync(HttpMethod.Post, "/api/articles", author.Token,
                new { article = new { title = $"Event path {i} {Guid.NewGuid():N}", description = "d", body = "b", tagList = Tags } });
            sent[article.GetProperty("article").GetProperty("slug").GetString()!] = started;
        });
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (sent.Keys.Any(slug => !received.ContainsKey(slug)) && DateTime.UtcNow < deadline) await Task.Delay(50);
        var elapsed = clock.Elapsed;

        var latencies = sent.Where(s => received.ContainsKey(s.Key)).Select(s => (received[s.Key] - s.Value).TotalMilliseconds).Order().ToList();
        if (latencies.Count < count) Console.WriteLine($"event path: only {latencies.Count} of {count} events arrived within 2 minutes");
        var result = new EventPathResult(clients, latencies.Count, At(latencies, 0.50), At(latencies, 0.99), latencies.Count / elapsed.TotalSeconds);
        Console.WriteLine($"event path, {clients} client(s): {result.Events} events, p50 {result.P50Ms:0.0} ms, p99 {result.P99Ms:0.0} ms, {result.EventsPerSecond:0} events/s");
        return result;
    }

    static double At(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
}
