package dev.zigd.nativeimage;

import dev.zigd.api.HealthResource;
import dev.zigd.error.ErrorBody;
import dev.zigd.event.Event;
import dev.zigd.event.EventBody;
import dev.zigd.index.GlobalEntry;
import dev.zigd.index.ProjectEntry;
import dev.zigd.lease.LeaseFiles;
import dev.zigd.log.Appended;
import dev.zigd.log.Started;
import dev.zigd.process.ProcessControl;
import dev.zigd.process.ProcessEntry;
import dev.zigd.process.ProcessView;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Every type Jackson reads or writes by reflection, in one place. Quarkus registers the types that REST methods
 * take and return, but zigd also serializes through {@code dev.zigd.event.ZigJson.MAPPER} outside REST: log lines
 * (the event body records), the index files, {@code processes.json}, error bodies written by the access filter.
 * In a native image, a record missing here would serialize as {@code {}} or fail to deserialize, so everything is
 * listed, REST types included. Package-private types are named by {@code classNames}.
 *
 * <p>Types that are parsed by hand from a {@code JsonNode} ({@code EventDecoder}, {@code ProcessEntry.decode},
 * {@code StartRequest.decode}) need no reflection to be read, but most of them are written too.
 */
@RegisterForReflection(targets = {
        // Session log lines: the envelope and one record per event type (ZigJson's EventSerializer looks up each
        // body's serializer by its class), and the enums written by their @JsonProperty names.
        Event.class,
        EventBody.ZigSessionStarted.class,
        EventBody.TierStarted.class,
        EventBody.StepStarted.class,
        EventBody.StepOutput.class,
        EventBody.StepCompleted.class,
        EventBody.StepFailed.class,
        EventBody.StepSkipped.class,
        EventBody.Heartbeat.class,
        EventBody.ZigSessionEnded.class,
        EventBody.OutputStream.class,
        EventBody.SessionStatus.class,
        // Index files, read with ZigJson.MAPPER.readerFor(...) and written pretty, entry by entry (PrettyList).
        GlobalEntry.class,
        ProjectEntry.class,
        // Lease files.
        LeaseFiles.LeaseRecord.class,
        // Errors: also written by the access filter, outside REST.
        ErrorBody.class,
        ErrorBody.Detail.class,
        // processes.json and the processes API.
        ProcessEntry.class,
        ProcessView.class,
        ProcessControl.GcResult.class,
        // Retention: the journal file, and the gc / DELETE answer.
        dev.zigd.retention.RemovalJournal.Content.class,
        dev.zigd.retention.RemovalJournal.Entry.class,
        dev.zigd.retention.RemovalJournal.Mode.class,
        dev.zigd.retention.Retention.Report.class,
        dev.zigd.retention.Candidate.class,
        // REST answers (Quarkus finds these too; listed so that this class is the whole picture).
        HealthResource.Health.class,
        Appended.class,
        Started.class,
}, classNames = {
        "dev.zigd.process.ProcessFile$Processes",
})
public final class JsonTypes {
    private JsonTypes() {
    }
}
