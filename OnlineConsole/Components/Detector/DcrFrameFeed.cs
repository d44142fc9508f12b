using OnlineConsole.Detector;

namespace OnlineConsole.Components.Detector;

/// <summary>
/// What the heatmaps and the 3D map share when they send DCR frames to their module: the delta when the page
/// holds its base frame, else the full frame; frames that arrive while one is on its way are caught up, newest
/// only; a refused delta (the page lost its base) makes the next push a full frame. One feed per view.
/// </summary>
public sealed class DcrFrameFeed
{
    private bool _pushing;

    /// <summary>Sequence of the frame the page holds; null when it holds none (the next push is full).</summary>
    public uint? Sent { get; private set; }

    /// <summary>The page will need a full frame (e.g. a new codec makes its codes meaningless).</summary>
    public void Forget() => Sent = null;

    /// <summary>The bytes to send for this frame: its delta if the page holds the delta's base.</summary>
    public byte[] BytesFor(DcrFrameSource.EncodedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return Sent == frame.BaseSequence && frame.Delta is { } delta ? delta : frame.Full;
    }

    /// <summary>
    /// Runs up to three pushes while <paramref name="loaded"/> holds; <paramref name="push"/> gets the current
    /// frame and answers whether the page applied it, or null when there was nothing to send (stop). Re-entry
    /// while a push is in flight returns at once: the running loop catches up.
    /// </summary>
    public async Task RunAsync(Func<DcrFrameSource.EncodedFrame> current, Func<bool> loaded, Func<DcrFrameSource.EncodedFrame, Task<bool?>> push)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(push);
        if (_pushing) return;
        _pushing = true;
        try
        {
            for (var attempt = 0; attempt < 3 && loaded(); attempt++)
            {
                var frame = current();
                var applied = await push(frame);
                if (applied is null) return;
                Sent = applied.Value ? frame.Sequence : null;
            }
        }
        finally
        {
            _pushing = false;
        }
    }
}
