@NullMarked
package io.kcsink.write;

import org.jspecify.annotations.NullMarked;
