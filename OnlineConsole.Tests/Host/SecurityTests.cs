using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OnlineConsole.Core.Security;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Host;

[Trait("Category", "Host")]
public sealed class SecurityTests : IDisposable
{
    private readonly ConsoleFactory _factory = new(new()
    {
        ["Security:MaxFailedLogins"] = "3",
        ["Security:LockoutTime"] = "00:00:01.500",
        ["Security:TrustedProxy:Enabled"] = "true",
        ["Security:TrustedProxy:Proxies:0"] = "10.9.9.9",
    });

    public SecurityTests()
    {
        _factory.AddUser("ada", OperatorRole.Admin);
        _factory.AddUser("sam", OperatorRole.Shifter);
    }

    public void Dispose() => _factory.Dispose();

    private IReadOnlyList<AuditEntry> Audit(string? prefix = null) =>
        _factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(ActionPrefix: prefix)).Result;

    [Theory]
    [InlineData("/")]
    [InlineData("/run")]
    [InlineData("/detector")]
    [InlineData("/network")]
    [InlineData("/services")]
    [InlineData("/collectors")]
    [InlineData("/admin/users")]
    [InlineData("/admin/audit")]
    [InlineData("/settings")]
    public async Task Every_page_without_a_session_redirects_to_login(string path)
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        using var r = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.StartsWith("/login?ReturnUrl=", r.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/admin/audit.csv")]
    [InlineData("POST", "/_blazor/negotiate?negotiateVersion=1")]
    [InlineData("POST", "/account/logout")]
    public async Task Endpoints_without_a_session_get_401(string method, string path)
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        using var r = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.True(r.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest, $"{path}: {r.StatusCode}");
        Assert.NotEqual(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task Health_login_and_static_assets_need_no_session()
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        foreach (var path in new[] { "/healthz", "/login", "/_framework/blazor.web.js" })
        {
            using var r = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{path}: {r.StatusCode}");
        }
    }

    [Fact]
    public async Task Signing_in_opens_the_console_and_is_audited_with_the_address()
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        using var r = await client.PostLoginAsync("ada", ConsoleFactory.TestPassword, "/services");
        Assert.Equal("/services", r.Headers.Location!.OriginalString);
        var cookie = Assert.Single(r.Headers.GetValues("Set-Cookie"), c => c.StartsWith("oc-session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        using var page = await client.GetAsync(new Uri("/services", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var login = Assert.Single(Audit("login"), e => e.Action == "login");
        Assert.Equal(("ada", "ok"), (login.User, login.Outcome));
    }

    [Fact]
    public async Task Login_redirects_only_to_local_pages()
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        using var r = await client.PostLoginAsync("ada", ConsoleFactory.TestPassword, "//evil.example/x");
        Assert.Equal("/", r.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Login_without_antiforgery_token_is_refused()
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "ada", ["password"] = ConsoleFactory.TestPassword });
        using var r = await client.PostAsync(new Uri("/account/login", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_and_the_right_password_works_after_the_window()
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 3; i++)
        {
            using var bad = await client.PostLoginAsync("sam", "wrong password " + i);
            Assert.StartsWith("/login?error=", bad.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        using (var locked = await client.PostLoginAsync("sam", ConsoleFactory.TestPassword))
            Assert.StartsWith("/login?error=invalid", locked.Headers.Location!.OriginalString, StringComparison.Ordinal);

        await Task.Delay(TimeSpan.FromSeconds(1.6));
        using (var ok = await client.PostLoginAsync("sam", ConsoleFactory.TestPassword))
            Assert.Equal("/", ok.Headers.Location!.OriginalString);

        var failures = Audit("login.failed");
        Assert.Equal(4, failures.Count);
        Assert.Equal("lockedout", failures[0].Outcome);
        Assert.All(failures, f => Assert.Equal("sam", f.User));
    }

    [Fact]
    public async Task A_shifter_is_refused_admin_endpoints()
    {
        using var client = await _factory.SignedInClientAsync("sam");
        using var r = await client.GetAsync(new Uri("/admin/audit.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
    }

    [Fact]
    public async Task The_update_timing_is_for_experts_and_counts_renders_by_bucket()
    {
        using (var shifter = await _factory.SignedInClientAsync("sam"))
        using (var refused = await shifter.GetAsync(new Uri("/api/diagnostics/live", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var client = await _factory.SignedInClientAsync("ada");
        using var r = await client.GetAsync(new Uri("/api/diagnostics/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal(json.RootElement.GetProperty("boundsMs").GetArrayLength() + 1, json.RootElement.GetProperty("counts").GetArrayLength());
        Assert.True(json.RootElement.GetProperty("renders").GetInt64() >= 0);
    }

    [Fact]
    public async Task Admin_exports_the_audit_trail_as_CSV_and_the_export_is_audited()
    {
        using var client = await _factory.SignedInClientAsync("ada");
        using var r = await client.GetAsync(new Uri("/admin/audit.csv?action=login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var csv = await r.Content.ReadAsStringAsync();
        Assert.StartsWith("at_utc,user,remote_address,action,target,reason,before,after,outcome\n", csv, StringComparison.Ordinal);
        Assert.Contains(",ada,", csv, StringComparison.Ordinal);
        Assert.Contains(Audit("audit.export"), e => e.User == "ada");
    }

    [Fact]
    public async Task Sign_out_ends_the_session_and_is_audited()
    {
        using var client = await _factory.SignedInClientAsync("ada");
        var page = await client.GetStringAsync(new Uri("/login", UriKind.Relative));
        var token = System.Text.RegularExpressions.Regex.Match(page, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var r = await client.PostAsync(new Uri("/account/logout", UriKind.Relative), content);
        Assert.Equal("/login", r.Headers.Location!.OriginalString);
        using var after = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains(Audit("logout"), e => e.User == "ada");
    }

    [Fact]
    public async Task A_disabled_user_loses_the_session_at_the_next_request()
    {
        using var client = await _factory.SignedInClientAsync("sam");
        _factory.Services.GetRequiredService<OnlineConsole.Data.UserStore>().SetDisabled("sam", true);
        using var r = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
    }

    [Fact]
    public async Task Security_headers_are_set()
    {
        using var client = _factory.CreateClient();
        using var r = await client.GetAsync(new Uri("/login", UriKind.Relative));
        var csp = r.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        // Scripts only from the app itself: no inline script, no eval.
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        // WebSockets only to the app's own origin.
        Assert.Contains("connect-src 'self' ws://localhost;", csp, StringComparison.Ordinal);
        Assert.DoesNotContain(" ws: ", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("wss: ", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", r.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Trusted_proxy_header_is_ignored_from_other_addresses()
    {
        // The test server's connection has no address of the configured proxy: the header must not sign anyone in.
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Remote-User", "ada");
        using var r = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
    }

    [Theory]
    [InlineData("ada", HttpStatusCode.OK)]
    [InlineData("nobody", HttpStatusCode.Unauthorized)]
    public async Task Trusted_proxy_header_signs_in_known_users_only_from_the_proxy(string user, HttpStatusCode expected)
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/services");
        request.Headers.Add("X-Remote-User", user);
        request.Headers.Add("X-Test-Peer", "10.9.9.9");
        using var r = await client.SendAsync(request);
        Assert.Equal(expected, r.StatusCode);
    }

    [Fact]
    public async Task Login_posts_are_rate_limited_per_address()
    {
        using var factory = new ConsoleFactory(new() { ["Security:LoginAttemptsPerMinute"] = "3" });
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var r = await client.PostLoginAsync("nobody", "whatever it is " + i);
            codes.Add(r.StatusCode);
        }
        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], codes);
    }

    [Fact]
    public async Task First_run_setup_is_closed_once_a_user_exists()
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        var html = await client.GetStringAsync(new Uri("/setup", UriKind.Relative));
        Assert.Contains("data-testid=\"setup-closed\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_trail_refuses_edits_and_deletions()
    {
        await _factory.Services.GetRequiredService<IAuditLog>().AppendAsync(new AuditEntry(DateTimeOffset.UtcNow, "ada", null, "test", "x", null, null, null, "ok"));
        using var c = _factory.Services.GetRequiredService<OnlineConsole.Data.SettingsDatabase>().Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM audit";
        Assert.Contains("append-only", Assert.ThrowsAny<Exception>(() => cmd.ExecuteNonQuery()).Message, StringComparison.Ordinal);
        cmd.CommandText = "UPDATE audit SET user_name = 'eve'";
        Assert.Contains("append-only", Assert.ThrowsAny<Exception>(() => cmd.ExecuteNonQuery()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_password_appears_in_the_logs()
    {
        using (var client = _factory.CreateClient(new() { AllowAutoRedirect = false }))
        {
            using var a = await client.PostLoginAsync("ada", ConsoleFactory.TestPassword);
            using var b = await client.PostLoginAsync("ada", "a-wrong-secret-password");
        }
        var all = string.Join('\n', _factory.Logs.Entries.Select(e => e.Message + e.Exception));
        Assert.Contains("login", all, StringComparison.Ordinal);
        Assert.DoesNotContain(ConsoleFactory.TestPassword, all, StringComparison.Ordinal);
        Assert.DoesNotContain("a-wrong-secret-password", all, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<AuditEntry>> RefusalsAsync(string action, bool flush)
    {
        if (flush) await _factory.Services.GetRequiredService<OnlineConsole.Security.RefusalAudit>().FlushAsync();
        // The first row of a window is written without waiting for the request.
        await Poll.UntilAsync(() => Audit(action).Count > 0, TimeSpan.FromSeconds(5), action + " audited");
        return Audit(action);
    }

    private static int Count(AuditEntry e) =>
        e.Outcome == "refused" ? 1 : int.Parse(System.Text.RegularExpressions.Regex.Match(e.Outcome, @"^refused (\d+) more times").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_page_above_the_role_lands_on_the_denied_page_which_answers_200_and_names_the_role()
    {
        using var client = await _factory.SignedInClientAsync("sam");
        using var r = await client.GetAsync(new Uri("/collectors", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var location = r.Headers.Location!.OriginalString;
        Assert.StartsWith("/denied?role=Expert&path=%2Fcollectors", location, StringComparison.Ordinal);
        using var denied = await client.GetAsync(new Uri(location, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, denied.StatusCode);
        var html = await denied.Content.ReadAsStringAsync();
        Assert.Contains("data-role=\"Expert\"", html, StringComparison.Ordinal);
        Assert.Contains("/collectors needs the Expert role; your account is Shifter.", html, StringComparison.Ordinal);
        var entry = Assert.Single(await RefusalsAsync("access.denied", flush: false));
        Assert.Equal(("sam", "GET /collectors", "refused"), (entry.User, entry.Target, entry.Outcome));
    }

    [Fact]
    public async Task Forbidden_requests_are_audited_as_a_count_per_window_and_source_not_a_row_each()
    {
        using var client = await _factory.SignedInClientAsync("sam");
        for (var i = 0; i < 30; i++)
        {
            using var r = await client.GetAsync(new Uri("/admin/audit.csv", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
        Assert.Single(await RefusalsAsync("access.denied", flush: false));
        var rows = await RefusalsAsync("access.denied", flush: true);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, e => Assert.Equal(("sam", "GET /admin/audit.csv"), (e.User, e.Target)));
        Assert.Equal("refused 29 more times within 60 s", rows[0].Outcome);
        Assert.Equal(30, rows.Sum(Count));
    }

    [Fact]
    public async Task Rate_limited_sign_ins_and_refused_setups_are_audited_with_a_bounded_count()
    {
        using var factory = new ConsoleFactory(new() { ["Security:LoginAttemptsPerMinute"] = "3" });
        factory.AddUser("ada", OperatorRole.Admin);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var limited = 0;
        for (var i = 0; i < 12; i++)
        {
            using var r = await client.PostLoginAsync("nobody", "whatever it is " + i);
            if (r.StatusCode == HttpStatusCode.TooManyRequests) limited++;
        }
        Assert.Equal(9, limited);
        var audit = factory.Services.GetRequiredService<IAuditLog>();
        await factory.Services.GetRequiredService<OnlineConsole.Security.RefusalAudit>().FlushAsync();
        await Poll.UntilAsync(() => audit.QueryAsync(new AuditQuery(ActionPrefix: "rate.limited")).Result.Count == 2, TimeSpan.FromSeconds(5), "two rate.limited rows");
        var rows = await audit.QueryAsync(new AuditQuery(ActionPrefix: "rate.limited"));
        Assert.Equal(9, rows.Sum(Count));
        Assert.All(rows, e => Assert.Equal("POST /account/login", e.Target));
    }

    [Fact]
    public async Task The_setup_form_posted_once_users_exist_is_refused_and_audited()
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        var form = await client.GetStringAsync(new Uri("/login", UriKind.Relative));
        var token = System.Text.RegularExpressions.Regex.Match(form, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "mallory", ["password"] = "long enough password", ["__RequestVerificationToken"] = token });
        using var r = await client.PostAsync(new Uri("/account/setup", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        var entry = Assert.Single(await RefusalsAsync("setup.refused", flush: false));
        Assert.Equal(("anonymous", "POST /account/setup"), (entry.User, entry.Target));
        Assert.Null(_factory.Services.GetRequiredService<OnlineConsole.Data.UserStore>().Find("mallory"));
    }

    [Fact]
    public async Task A_locked_out_account_and_an_unknown_one_get_the_same_sign_in_message_and_the_audit_keeps_the_truth()
    {
        async Task<(string Location, string Message)> FourthAttemptAsync(string name)
        {
            using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
            string location = "";
            for (var i = 0; i < 4; i++)
            {
                using var r = await client.PostLoginAsync(name, "wrong password " + i);
                location = r.Headers.Location!.OriginalString;
            }
            var page = await client.GetStringAsync(new Uri(location, UriKind.Relative));
            return (location, System.Text.RegularExpressions.Regex.Match(page, "data-testid=\"login-error\">([^<]*)<").Groups[1].Value);
        }

        var existing = await FourthAttemptAsync("sam");
        var unknown = await FourthAttemptAsync("nobody");
        Assert.Equal(unknown, existing);
        Assert.StartsWith("Wrong user name or password.", existing.Message, StringComparison.Ordinal);
        Assert.Equal("lockedout", Audit("login.failed").First(e => e.User == "sam").Outcome);
        Assert.Equal("invalid", Audit("login.failed").First(e => e.User == "nobody").Outcome);
    }
}
