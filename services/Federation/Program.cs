using Blog.Federation;
using Blog.Federation.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();
app.MapDiscoveryApi();
app.MapActorsApi();
app.MapInboxApi();
app.MapDomainBlocksApi();
app.MapFediverseFollowersApi();
app.Run();
