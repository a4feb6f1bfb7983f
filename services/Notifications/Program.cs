using Blog.Notifications;
using Blog.Notifications.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();
app.MapNotificationsApi();
app.MapMailApi();
app.Run();
