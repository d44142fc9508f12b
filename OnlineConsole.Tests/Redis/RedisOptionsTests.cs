using OnlineConsole.Collectors.Redis;

namespace OnlineConsole.Tests.Redis;

[Trait("Category", "Unit")]
public sealed class RedisOptionsTests
{
    [Fact]
    public void An_acl_user_name_with_spaces_is_a_start_up_error_naming_the_setting()
    {
        var errors = new RedisOptions { Endpoints = ["127.0.0.1:6379"], User = "daq console" }.Validate().ToList();
        Assert.Equal(["Redis:User must be an ACL user name of at most 128 characters without spaces."], errors);
        Assert.Empty(new RedisOptions { Endpoints = ["127.0.0.1:6379"], User = "console" }.Validate());
    }

    [Fact]
    public void The_target_names_the_user_and_never_the_password()
    {
        var o = new RedisOptions { Endpoints = ["daq-redis:6380"], User = "console", Password = "s3cret-target", Ssl = true, Database = 2 };
        Assert.Equal("rediss://console@daq-redis:6380/2", o.Describe());
        Assert.Equal("redis://daq-redis:6379/0", new RedisOptions { Endpoints = ["daq-redis:6379"], Password = "s3cret-target" }.Describe());
    }
}
