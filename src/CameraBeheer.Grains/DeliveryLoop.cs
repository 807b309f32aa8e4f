namespace CameraBeheer.Grains;

/// <summary>
/// Runs a grain's delivery of owed effects at most once at a time, outside its request turns: the caller (an event
/// batch, a timer tick) returns at once and is acknowledged on what is stored; the effects follow with awaited calls.
/// </summary>
/// <remarks>
/// Started from grain code, the task runs on the activation's scheduler and interleaves with requests at its awaits,
/// so a grain it calls may call back (a zone asking the camera where motion is) without a deadlock. A delivery that
/// fails leaves the rest owed and ends; the owner's timer kicks it again: the grain timer is the retry, and it lives
/// exactly as long as the state that holds what is owed (a Polly pipeline would keep retrying in memory a call whose
/// grain the silo may have moved or restarted, and hold the loop meanwhile).
/// </remarks>
internal sealed class DeliveryLoop(Func<Task> deliver)
{
    private Task _running = Task.CompletedTask;

    /// <summary>Starts a delivery unless one runs; a running one picks up what was added while it ran.</summary>
    public void Kick()
    {
        if (_running.IsCompleted) _running = deliver();
    }

    /// <summary>Starts a delivery unless one runs, and completes when the running one has (it never throws: a failure leaves the rest owed).</summary>
    public Task DeliverNowAsync()
    {
        Kick();
        return _running;
    }
}
