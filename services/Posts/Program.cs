using Blog.Posts;
using Blog.Posts.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();
app.MapArticlesApi();
app.MapReactionsApi();
app.MapCatalogApi();
app.MapFeedApi();
app.MapTakedownsApi();
app.MapRevisionsApi();
app.Run();
