using Blog.Comments;
using Blog.Comments.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapCommentsApi();
app.MapReportsApi();
app.MapRecentCommentsApi();
app.Run();
