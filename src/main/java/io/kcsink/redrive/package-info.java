/**
 * Re-driving dead letters: reading a dead-letter topic up to its end, sending the selected records through their
 * route again as records of their original topic, and parking what still fails back in the same topic.
 */
@NullMarked
package io.kcsink.redrive;

import org.jspecify.annotations.NullMarked;
