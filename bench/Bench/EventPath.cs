using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Blog.Bench;

/// <summary>
/// Latency from sending the API call to the event's arrival, split at the call's answer: `Answer` (the API call
/// itself: the write and its outbox row committed) and `AfterAnswer` (the relay and the broker, from the 2xx on).
/// </summary>
public sealed record EventPathResult(int Clients, int Events, double P50Ms, double P99Ms, double EventsPerSecond,
    double AnswerP50Ms, double AnswerP99Ms, double AfterAnswerP50Ms, double AfterAnswerP99Ms);

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

        var author = seeder.Authors[0];
        // As every scenario, after a load of its own, unmeasured: one post and its event, so the first measured call
        // does not carry this process's first serialisation of the request and first delivery (tens of milliseconds).
        var warmUp = Stopwatch.StartNew();
        var first = await PublishAsync(seeder, author, "warm-up");
        while (!received.ContainsKey(first) && warmUp.Elapsed < TimeSpan.FromMinutes(1)) await Task.Delay(5);
        Console.WriteLine($"event path, {clients} client(s): the unmeasured first post's event arrived after {warmUp.Elapsed.TotalMilliseconds:0.0} ms");

        var sent = new ConcurrentDictionary<string, (int Index, DateTimeOffset Started, DateTimeOffset Answered)>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = clients }, async (i, _) =>
        {
            var started = DateTimeOffset.UtcNow;
            var slug = await PublishAsync(seeder, author, i.ToString(CultureInfo.InvariantCulture));
            sent[slug] = (i, started, DateTimeOffset.UtcNow);
        });
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (sent.Keys.Any(slug => !received.ContainsKey(slug)) && DateTime.UtcNow < deadline) await Task.Delay(50);
        var elapsed = clock.Elapsed;

        var arrived = sent.Where(s => received.ContainsKey(s.Key)).Select(s => (s.Value.Started, s.Value.Answered, Arrived: received[s.Key])).ToList();
        var latencies = arrived.Select(e => (e.Arrived - e.Started).TotalMilliseconds).Order().ToList();
        var answers = arrived.Select(e => (e.Answered - e.Started).TotalMilliseconds).Order().ToList();
        // Negative when the event arrived before the client read the answer: the relay was faster than the response.
        var afterAnswer = arrived.Select(e => (e.Arrived - e.Answered).TotalMilliseconds).Order().ToList();
        var slowest = sent.Values.OrderByDescending(s => s.Answered - s.Started).Take(3).Select(s => $"#{s.Index} {(s.Answered - s.Started).TotalMilliseconds:0.0} ms");
        Console.WriteLine($"event path, {clients} client(s): the slowest API calls {string.Join(", ", slowest)}");
        if (latencies.Count < count) Console.WriteLine($"event path: only {latencies.Count} of {count} events arrived within 2 minutes");
        var result = new EventPathResult(clients, latencies.Count, At(latencies, 0.50), At(latencies, 0.99), latencies.Count / elapsed.TotalSeconds,
            At(answers, 0.50), At(answers, 0.99), At(afterAnswer, 0.50), At(afterAnswer, 0.99));
        Console.WriteLine($"event path, {clients} client(s): {result.Events} events, p50 {result.P50Ms:0.0} ms, p99 {result.P99Ms:0.0} ms, {result.EventsPerSecond:0} events/s; " +
            $"the API call p50 {result.AnswerP50Ms:0.0} ms, p99 {result.AnswerP99Ms:0.0} ms; after its answer p50 {result.AfterAnswerP50Ms:0.0} ms, p99 {result.AfterAnswerP99Ms:0.0} ms");
        return result;
    }

    static async Task<string> PublishAsync(Seeder seeder, Seeder.Account author, string name)
    {
        var article = await seeder.SendAsync(HttpMethod.Post, "/api/articles", author.Token,
            new { article = new { title = $"Event path {name} {Guid.NewGuid():N}", description = "d", body = "b", tagList = Tags } });
        return article.GetProperty("article").GetProperty("slug").GetString()!;
    }

    static double At(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
}
