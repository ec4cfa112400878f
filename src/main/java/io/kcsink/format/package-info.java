@NullMarked
package io.kcsink.format;

import org.jspecify.annotations.NullMarked;
