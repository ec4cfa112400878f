@NullMarked
package io.kcsink.ingest;

import org.jspecify.annotations.NullMarked;
