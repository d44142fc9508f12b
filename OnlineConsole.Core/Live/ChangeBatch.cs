namespace OnlineConsole.Core.Live;

/// <summary>One delivery to a subscriber: which areas changed since its previous batch.</summary>
/// <param name="Areas">Areas with at least one change (only those the subscriber asked for).</param>
/// <param name="Sequence">Per-subscriber batch number, starting at 1.</param>
/// <param name="MergedChanges">How many store changes this batch stands for.</param>
/// <param name="Resync">True when earlier batches were dropped: re-read the whole snapshot.</param>
/// <param name="FirstChangeTimestamp">TimeProvider timestamp of the oldest change merged into this batch.</param>
/// <param name="EmittedTimestamp">TimeProvider timestamp of the batch leaving the hub (its window over).</param>
public readonly record struct ChangeBatch(StoreArea Areas, long Sequence, int MergedChanges, bool Resync, long FirstChangeTimestamp = 0, long EmittedTimestamp = 0);
