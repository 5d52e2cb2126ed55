using ModelOpt.Cluster.Dispatch;
using Xunit;

namespace ModelOpt.Cluster.Tests.Dispatch;

public sealed class FairShareQueueTests
{
    /// <summary>Grants <paramref name="slots"/> slots one after another, as free slots arrive, and counts them per search.</summary>
    private static Dictionary<string, int> Grant(FairShareQueue queue, int slots)
    {
        var granted = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < slots && queue.Next is { } search; i++)
        {
            queue.Granted(search);
            granted[search] = granted.GetValueOrDefault(search) + 1;
        }
        return granted;
    }

    [Fact]
    public void Searches_of_equal_share_get_slots_in_turn_so_a_large_one_cannot_starve_a_small_one()
    {
        var queue = new FairShareQueue();
        queue.Update(new SlotDemand("large", 1000, 0));
        queue.Update(new SlotDemand("small", 3, 0));
        queue.Update(new SlotDemand("medium", 10, 0));

        var granted = Grant(queue, 9);

        Assert.Equal(3, granted["large"]);
        Assert.Equal(3, granted["small"]);
        Assert.Equal(3, granted["medium"]);
    }

    [Fact]
    public void A_search_restarted_on_another_coordinator_counts_its_grants_from_zero_and_is_granted_slots_again()
    {
        var queue = new FairShareQueue();
        queue.Update(new SlotDemand("moved", 4, 0) { Incarnation = "on-coordinator-2" });
        Assert.Equal(4, Grant(queue, 10)["moved"]);
        queue.Update(new SlotDemand("moved", 4, 4) { Incarnation = "on-coordinator-2" });
        for (var i = 0; i < 4; i++) queue.Released("moved");
        Assert.Equal(4, Grant(queue, 10)["moved"]);

        // Its coordinator left: the search recovers on another one, where it has seen no grant yet.
        for (var i = 0; i < 4; i++) queue.Released("moved");
        queue.Update(new SlotDemand("moved", 4, 0) { Incarnation = "on-coordinator-3" });

        Assert.Equal(4, Grant(queue, 10).GetValueOrDefault("moved"));
    }

    [Fact]
    public void Slots_are_divided_in_proportion_to_the_searches_shares()
    {
        var queue = new FairShareQueue();
        queue.Update(new SlotDemand("one", 100, 0) { Share = 1 });
        queue.Update(new SlotDemand("three", 100, 0) { Share = 3 });

        var granted = Grant(queue, 40);

        Assert.Equal(10, granted["one"]);
        Assert.Equal(30, granted["three"]);
    }

    [Fact]
    public void A_higher_priority_search_is_served_first_and_the_others_get_what_it_leaves()
    {
        var queue = new FairShareQueue();
        queue.Update(new SlotDemand("background", 100, 0));
        queue.Update(new SlotDemand("urgent", 5, 0) { Priority = 10 });

        var granted = Grant(queue, 8);

        Assert.Equal(5, granted["urgent"]);
        Assert.Equal(3, granted["background"]);
    }

    [Fact]
    public void Shares_count_the_slots_a_search_holds_so_a_freed_slot_goes_to_the_search_below_its_share()
    {
        var queue = new FairShareQueue();
        queue.Update(new SlotDemand("a", 100, 0));
        queue.Update(new SlotDemand("b", 100, 0));
        Grant(queue, 4);

        // Two of a's trials end: a now holds 0, b 2, so the next two slots go to a.
        queue.Released("a");
        queue.Released("a");
        var granted = Grant(queue, 2);

        Assert.Equal(2, granted["a"]);
        Assert.False(granted.ContainsKey("b"));
    }

    [Fact]
    public void A_search_is_never_granted_more_than_it_wants_counting_grants_still_on_their_way()
    {
        var queue = new FairShareQueue();
        queue.Update(new SlotDemand("s", 2, 0));
        Assert.Equal(2, Grant(queue, 10)["s"]);

        // The search re-sends its demand before it saw the grants: still nothing open.
        queue.Update(new SlotDemand("s", 2, 0));
        Assert.Null(queue.Next);

        // It saw both and wants one more.
        queue.Update(new SlotDemand("s", 1, 2));
        Assert.Equal(1, Grant(queue, 10)["s"]);
    }

    [Fact]
    public void A_search_that_wants_and_holds_nothing_is_forgotten()
    {
        var queue = new FairShareQueue();
        queue.Update(new SlotDemand("s", 1, 0));
        Grant(queue, 1);
        queue.Update(new SlotDemand("s", 0, 1));
        Assert.NotNull(queue.Find("s"));

        queue.Released("s");

        Assert.Null(queue.Find("s"));
        Assert.Equal(0, queue.OpenSearches);
    }
}
