using Blog.Samples.Subscriber;

// Prints every post the blog publishes. Usage:
//   dotnet run --project samples/Subscriber -- amqp://USER:PASSWORD@HOST:PORT/ [queue-name]
// or BLOG_RABBITMQ / BLOG_SUBSCRIBER_QUEUE in the environment (README, "Events": the broker's address and account).
if ((args.ElementAtOrDefault(0) ?? Environment.GetEnvironmentVariable("BLOG_RABBITMQ")) is not { Length: > 0 } address)
{
    Console.Error.WriteLine("usage: Subscriber AMQP_URI [QUEUE] (or BLOG_RABBITMQ in the environment)");
    return 2;
}
var broker = new Uri(address);
var queue = args.ElementAtOrDefault(1) ?? Environment.GetEnvironmentVariable("BLOG_SUBSCRIBER_QUEUE") ?? "sample-subscriber.post-published";

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

await using var subscriber = await PostPublishedSubscriber.ConnectAsync(broker, queue, stop.Token);
await subscriber.RunAsync(post => Console.Out.WriteLineAsync(
    $"post published: \"{post.Title}\" by {post.AuthorUsername} at /articles/{post.Slug} (event {post.EventId})"), stop.Token);
return 0;
