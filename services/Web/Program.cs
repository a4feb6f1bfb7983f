using Blog.Web.Pages;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// Web owns no data and consumes no events; Redis will hold its Data Protection keys (issue 7).
builder.AddRedis();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapHomePage();
app.Run();

/// Public so the tests can host the app (WebApplicationFactory).
public partial class Program;
