using OnlineConsole.Components.Detector;
using OnlineConsole.Detector;

namespace OnlineConsole.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class DcrFrameFeedTests
{
    private static readonly byte[] Full = [1], Delta = [2];

    private static DcrFrameSource.EncodedFrame Frame(uint seq, uint baseSeq) => new(seq, Full, Delta, baseSeq, []);

    [Fact]
    public async Task First_a_full_frame_then_deltas_on_the_held_base_and_a_full_frame_after_a_refusal()
    {
        var feed = new DcrFrameFeed();
        var sent = new List<byte[]>();
        var answers = new Queue<bool?>([true, null, false, null, true, null]);
        async Task Push(DcrFrameSource.EncodedFrame f)
        {
            await feed.RunAsync(() => f, () => true, frame =>
            {
                var a = answers.Dequeue();
                if (a is not null) sent.Add(feed.BytesFor(frame));
                return Task.FromResult(a);
            });
        }

        await Push(Frame(1, 0));   // nothing held: full
        await Push(Frame(2, 1));   // holds 1: delta, refused
        await Push(Frame(3, 2));   // holds none after the refusal: full
        Assert.Equal([Full, Delta, Full], sent);
        Assert.Equal(3u, feed.Sent);
    }

    [Fact]
    public async Task A_push_while_one_is_in_flight_returns_at_once_and_the_running_loop_catches_up()
    {
        var feed = new DcrFrameFeed();
        var gate = new TaskCompletionSource<bool?>();
        var current = Frame(1, 0);
        var calls = 0;
        var first = feed.RunAsync(() => current, () => true, _ => { calls++; return calls == 1 ? gate.Task : Task.FromResult<bool?>(null); });
        await feed.RunAsync(() => current, () => true, _ => throw new InvalidOperationException("re-entered"));
        current = Frame(2, 1);
        gate.SetResult(true);
        await first;
        Assert.Equal(2, calls);
        Assert.Equal(1u, feed.Sent);
    }
}
