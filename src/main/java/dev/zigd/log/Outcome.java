package dev.zigd.log;

import dev.zigd.error.ZigdException;

/** What to do once a batch's lines for one session are written, or could not be. */
interface Outcome {
    void written();

    void failed(ZigdException error);
}
